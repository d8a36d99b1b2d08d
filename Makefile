# The two commands of README.md, and the steps they are made of.
# All install logic lives in scripts/setup.sh.

.PHONY: serve test setup build e2e

## Install what is missing and serve the playground at http://127.0.0.1:8080.
serve:
	scripts/serve.sh

## Install what is missing and run every check (the same as CI).
test:
	scripts/test.sh

## Install everything `make test` needs, and nothing else.
setup:
	scripts/setup.sh test

## Build the release site into dist/ and print the wasm size.
build:
	scripts/setup.sh build
	scripts/build.sh

## Run only the browser tests, against the site in dist/.
e2e:
	scripts/setup.sh test
	scripts/e2e.sh
