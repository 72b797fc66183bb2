#!/usr/bin/env node
// bench/formgrader_pageload.js: page-load time of `gradebox formgrader` pages in headless
// Chromium (Navigation Timing: navigation start to the end of the load event), target 300 ms:
//   - the assignment page of a 200-submission assignment (records verified, charts, table)
//   - a submission page of 20 notebooks
// Builds its course in a scratch folder: a 1-notebook assignment autograded for one student and
// cloned to 200 signed submissions (build/bench/formgrader_fixture), and a 20-notebook assignment
// autograded for one student. Each page is loaded RUNS times after one warm-up; medians printed.
// usage: node bench/formgrader_pageload.js BUILD_DIR [RUNS]      (tests/browser has puppeteer-core)
"use strict";
const {execFileSync, spawn} = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const puppeteer = require(path.join(__dirname, "..", "tests", "browser", "node_modules", "puppeteer-core"));
const TARGET_MS = 300;

function notebook(index) {
  const meta = (id, grade, solution, points) =>
    ({nbgrader: Object.assign({grade_id: id, grade, solution, locked: !solution, schema_version: 3},
                              grade ? {points} : {})});
  const cells = [];
  for (let q = 0; q < 5; ++q) {
    cells.push({cell_type: "markdown", metadata: {}, source: `## Question ${q} of notebook ${index}\n\nWrite \`f${q}\`.`});
    cells.push({cell_type: "code", execution_count: null, outputs: [], metadata: meta(`f${q}`, false, true),
                source: `### BEGIN SOLUTION\ndef f${q}(x):\n    print("value", x)\n    return x * ${q}\n### END SOLUTION\nf${q}(3)\n`});
    cells.push({cell_type: "code", execution_count: null, outputs: [], metadata: meta(`test_f${q}`, true, false, 1),
                source: `assert f${q}(2) == ${2 * q}\n`});
  }
  cells.push({cell_type: "markdown", metadata: meta("essay", true, true, 2), source: "YOUR ANSWER HERE"});
  return JSON.stringify({cells, nbformat: 4, nbformat_minor: 5,
                         metadata: {kernelspec: {name: "python3", display_name: "Python 3", language: "python"}}});
}

function makeCourse(build) {
  const gradebox = path.join(build, "grader", "cli", "gradebox");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "gradebox-formgrader-bench-"));
  fs.chmodSync(work, 0o755);
  const course = path.join(work, "course");
  const write = (file, text) => { fs.mkdirSync(path.dirname(file), {recursive: true}); fs.writeFileSync(file, text); };
  write(path.join(course, "source", "many", "problem.ipynb"), notebook(0));
  for (let i = 0; i < 20; ++i) write(path.join(course, "source", "big", `part${String(i).padStart(2, "0")}.ipynb`), notebook(i));
  const env = Object.assign({}, process.env, {GRADEBOX_WORKER: path.join(build, "kernel", "worker", "gradebox-worker")});
  const run = (...args) => execFileSync(gradebox, [...args, "--course", course], {stdio: "ignore", env});
  run("keygen");
  for (const a of ["many", "big"]) {
    run("release", a);
    fs.cpSync(path.join(course, "release", a), path.join(course, "submitted", "model", a), {recursive: true});
    try {
      run("autograde", a);
    } catch (error) {
      if (error.status !== 1) throw error;  // 1: some cell errored; the records are written
    }
  }
  execFileSync(path.join(build, "bench", "formgrader_fixture"), [course, "many", "model", "200"]);
  return {gradebox, work, course};
}

function startServer(gradebox, course) {
  const server = spawn(gradebox, ["formgrader", "--course", course, "--port", "0"], {stdio: ["ignore", "pipe", "inherit"]});
  return new Promise((resolve) => {
    let text = "";
    server.stdout.on("data", (chunk) => {
      text += chunk;
      const match = text.match(/(http:\/\/\S+\/)\?token=(\w+)/);
      if (match) resolve({server, base: match[1], token: match[2]});
    });
  });
}

async function loadTimes(page, url, runs) {
  const times = [];
  for (let i = 0; i <= runs; ++i) {
    await page.goto(url, {waitUntil: "load"});
    const ms = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      return nav.loadEventEnd - nav.startTime;
    });
    if (i > 0) times.push(ms);  // the first load warms caches
  }
  times.sort((a, b) => a - b);
  return {median: times[Math.floor(times.length / 2)], best: times[0], worst: times[times.length - 1]};
}

async function main() {
  const build = path.resolve(process.argv[2] || "build");
  const runs = Number(process.argv[3] || 9);
  const {gradebox, work, course} = makeCourse(build);
  const {server, base, token} = await startServer(gradebox, course);
  const browser = await puppeteer.launch({executablePath: "/usr/bin/chromium", headless: true,
                                          args: ["--no-sandbox", "--disable-gpu"]});
  try {
    const page = await browser.newPage();
    await page.goto(base + "?token=" + token, {waitUntil: "load"});
    const pages = [["assignment page, 200 submissions", base + "assignments/many"],
                   ["submission page, 20 notebooks", base + "assignments/big/model"]];
    console.log(`load average: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}; ${runs} runs after one warm-up`);
    for (const [label, url] of pages) {
      const t = await loadTimes(page, url, runs);
      const bytes = (await page.content()).length;
      console.log(`${label}: median ${t.median.toFixed(1)} ms (best ${t.best.toFixed(1)}, worst ${t.worst.toFixed(1)}), ` +
                  `${(bytes / 1024).toFixed(0)} KiB, target ${TARGET_MS} ms: ${t.median <= TARGET_MS ? "met" : "NOT met"}`);
    }
  } finally {
    await browser.close();
    server.kill("SIGTERM");
    fs.rmSync(work, {recursive: true, force: true});
  }
}

main().catch((error) => { console.error(error); process.exit(1); });
