// Trunk post_build hook (see Trunk.toml). In release builds it shrinks the app's
// wasm with binaryen's wasm-opt from npm (Debian's binaryen cannot read current
// wasm-bindgen output) and rewrites the subresource-integrity hashes that the
// staged index.html holds for that file, so the browser still accepts it.
// Debug builds (`make serve`) are left as they are, to keep rebuilds fast.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// The features that Rust's wasm32-unknown-unknown target enables by default.
// Anything else in the module makes wasm-opt fail loudly instead of guessing.
const FEATURES = [
  "--enable-bulk-memory",
  "--enable-mutable-globals",
  "--enable-nontrapping-float-to-int",
  "--enable-sign-ext",
  "--enable-reference-types",
  "--enable-multivalue",
];

const HASHES = ["sha256", "sha384", "sha512"];

function integrity(algorithm, bytes) {
  return `${algorithm}-${createHash(algorithm).update(bytes).digest("base64")}`;
}

if (process.env.TRUNK_PROFILE !== "release") {
  process.exit(0);
}

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("wasm-opt hook: TRUNK_STAGING_DIR is not set; this script runs as a Trunk hook");
  process.exit(1);
}
const wasmOpt = path.join(path.dirname(fileURLToPath(import.meta.url)), "node_modules", ".bin", "wasm-opt");
if (!existsSync(wasmOpt)) {
  console.error(`wasm-opt hook: ${wasmOpt} is missing; run scripts/setup.sh build`);
  process.exit(1);
}

const htmlPath = path.join(staging, "index.html");
let html = readFileSync(htmlPath, "utf8");
for (const name of readdirSync(staging).filter((file) => file.endsWith(".wasm"))) {
  const file = path.join(staging, name);
  const before = readFileSync(file);
  // --converge repeats -Oz while the module still shrinks (about 1 KB gzipped).
  execFileSync(wasmOpt, ["-Oz", "--converge", ...FEATURES, file, "-o", file], { stdio: "inherit" });
  const after = readFileSync(file);
  for (const algorithm of HASHES) {
    html = html.replaceAll(integrity(algorithm, before), integrity(algorithm, after));
  }
  console.log(`wasm-opt hook: ${name}: ${before.length} -> ${after.length} bytes`);
}
writeFileSync(htmlPath, html);
