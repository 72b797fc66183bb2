#!/usr/bin/env node
// bench/formgrader_pageload.js: page-load time of `gradebox formgrader` pages in headless
// Chromium (Navigation Timing: navigation start to the end of the load event), target 300 ms:
//   - the assignment page of a 200-submission assignment (records verified, charts, table)
//   - a submission page of 20 notebooks
// Builds its course in a scratch folder: a 1-notebook assignment autograded for one student and
// cloned to 200 signed submissions (build/bench/formgrader_fixture), and a 20-notebook assignment
// autograded for one student. Each page is loaded RUNS times after one warm-up; medians printed,
// and the CPU time per load of the server and of all Chromium processes (/proc/PID/stat), which
// does not depend on what else the machine runs the way wall time does.
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

// CPU time (user + system) of processes, in ms: what a page costs whatever else the machine does.
function cpuMs(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch (error) {
      // the process ended (a renderer replaced): its time is gone from the count
    }
  }
  return ticks * 1000 / Number(execFileSync("getconf", ["CLK_TCK"], {encoding: "utf8"}));
}

function processTree(root) {
  const tree = execFileSync("pstree", ["-p", "-T", String(root)], {encoding: "utf8"});
  return [...tree.matchAll(/\((\d+)\)/g)].map((m) => Number(m[1]));
}

async function loadTimes(page, url, runs, serverPid, browserPid) {
  const times = [];
  await page.goto(url, {waitUntil: "load"});  // the first load warms caches
  const browserPids = processTree(browserPid);
  const before = {server: cpuMs([serverPid]), browser: cpuMs(browserPids)};
  for (let i = 0; i < runs; ++i) {
    await page.goto(url, {waitUntil: "load"});
    times.push(await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      return nav.loadEventEnd - nav.startTime;
    }));
  }
  const server = (cpuMs([serverPid]) - before.server) / runs;
  const browser = (cpuMs(browserPids) - before.browser) / runs;
  times.sort((a, b) => a - b);
  return {median: times[Math.floor(times.length / 2)], best: times[0], worst: times[times.length - 1], server, browser};
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
      const t = await loadTimes(page, url, runs, server.pid, browser.process().pid);
      const bytes = (await page.content()).length;
      console.log(`${label}: median ${t.median.toFixed(1)} ms (best ${t.best.toFixed(1)}, worst ${t.worst.toFixed(1)}), ` +
                  `${(bytes / 1024).toFixed(0)} KiB, target ${TARGET_MS} ms: ${t.median <= TARGET_MS ? "met" : "NOT met"}; ` +
                  `CPU per load: server ${t.server.toFixed(0)} ms, Chromium ${t.browser.toFixed(0)} ms`);
    }
  } finally {
    await browser.close();
    server.kill("SIGTERM");
    fs.rmSync(work, {recursive: true, force: true});
  }
}

main().catch((error) => { console.error(error); process.exit(1); });
