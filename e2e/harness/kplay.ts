// The command-line runner from the browser tests: runs `kplay` (built by cargo
// on first use) to get what the simulation itself says, independently of the
// page, e.g. the trace of a lesson's scenario, or the verdict on a completion code.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');

export interface KplayResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `cargo run --bin kplay -- ARGS` in the repository; never throws on a non-zero exit. */
export function kplay(args: string[]): KplayResult {
  try {
    const stdout = execFileSync('cargo', ['run', '--quiet', '--bin', 'kplay', '--', ...args], {
      cwd: REPO,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: 0, stdout, stderr: '' };
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    return { status: e.status ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** A temporary file holding `text`. */
export function tempFile(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'kplay-e2e-')), name);
  writeFileSync(file, text);
  return file;
}

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The engine events of a scenario's run, as `kplay run --trace` writes them. */
export function trace(scenario: Json): Json[] {
  const result = kplay(['run', tempFile('scenario.json', JSON.stringify(scenario)), '--trace']);
  if (result.status !== 0) {
    throw new Error(`kplay run failed (${result.status}): ${result.stderr}`);
  }
  return JSON.parse(result.stdout).trace;
}

/** Whether a trace event matches a lesson trigger (docs/lessons.md): every named
 *  field equals the event's, or, for `{"contains": X}`, the event's list holds X. */
export function matches(trigger: Json, event: Json): boolean {
  return Object.entries(trigger).every(([field, want]) => {
    const have = event[field];
    if (want !== null && typeof want === 'object' && 'contains' in (want as object)) {
      return Array.isArray(have) && have.some((item) => JSON.stringify(item) === JSON.stringify((want as Json).contains));
    }
    return JSON.stringify(have) === JSON.stringify(want);
  });
}

/** When each lesson step should show: the first event after the previous step's
 *  that matches its trigger; an untriggered step shows with the step before it
 *  (the first at 0). `null`: the run never reaches it. */
export function stepTimes(lesson: Json): (number | null)[] {
  const events = trace(lesson.scenario);
  const times: (number | null)[] = [];
  let from = 0;
  let last: number | null = 0;
  for (const step of lesson.steps) {
    let time: number | null = last;
    if (step.when) {
      const found = events.slice(from).findIndex((e) => matches(step.when, e));
      time = found < 0 ? null : events[from + found].at_ms;
      from = found < 0 ? events.length : from + found + 1;
    }
    times.push(time);
    last = time;
  }
  return times;
}
