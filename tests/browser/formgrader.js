#!/usr/bin/env node
// Real-browser test of `gradebox formgrader`: Debian's Chromium (headless) driven by
// puppeteer-core grades the demo course's manual cell (ps1 problem2 "explain") after keygen,
// release and autograde in a scratch copy (as examples/run-demo.sh does), using the keyboard (j to
// the next ungraded cell, Enter to save, n/p between submissions); checks the total on the page,
// that `gradebox verify` accepts the signed record it wrote, that a student's <script> and onerror
// outputs never run, and that no page logged a console error.
// usage: node formgrader.js GRADEBOX_BINARY      exit 0 pass, 1 fail, 77 skipped (reason printed)
"use strict";
const {execFileSync, spawn} = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const SKIP = 77;
const CHROMIUM = "/usr/bin/chromium";
const HOSTILE_MARKDOWN = "<script>window.pwned = 1; document.title = 'PWNED-1'</script>\n\n" +
  "<img src=x onerror=\"window.pwned = 2; document.title = 'PWNED-2'\"> my answer";
const HOSTILE_CODE = [
  "print(\"<script>window.pwned = 3; document.title = 'PWNED-3'</script>\")",
  "from IPython.display import display",
  "display({'text/html': \"<img src=x onerror=\\\"window.pwned = 4; document.title = 'PWNED-4'\\\">\"}, raw=True)",
  ""].join("\n");

function skip(reason) {
  console.log(`SKIP: ${reason}`);
  process.exit(SKIP);
}

function loadPuppeteer() {
  if (!fs.existsSync(CHROMIUM)) skip(`${CHROMIUM} is missing (scripts/install-deps.sh installs chromium)`);
  try {
    return require("puppeteer-core");
  } catch (error) {
    skip("puppeteer-core is not installed in tests/browser/node_modules (run scripts/install-deps.sh)");
  }
}

// The demo course in a scratch folder, with mallory's answers made hostile, graded for real.
function gradedDemoCourse(gradebox) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "gradebox-formgrader-browser-"));
  fs.chmodSync(work, 0o755);
  const course = path.join(work, "course");
  fs.cpSync(path.join(__dirname, "..", "..", "examples", "course"), course, {recursive: true});
  for (const dir of ["release", "autograded", "feedback", "records", ".gradebox"])
    fs.rmSync(path.join(course, dir), {recursive: true, force: true});
  const edit = (file, gradeId, source) => {
    const nb = JSON.parse(fs.readFileSync(file, "utf8"));
    for (const cell of nb.cells)
      if ((cell.metadata.nbgrader || {}).grade_id === gradeId) cell.source = source;
    fs.writeFileSync(file, JSON.stringify(nb));
  };
  const mallory = path.join(course, "submitted", "mallory", "ps1");
  edit(path.join(mallory, "problem2.ipynb"), "explain", HOSTILE_MARKDOWN);
  edit(path.join(mallory, "problem1.ipynb"), "squares", HOSTILE_CODE + "def squares(n):\n    return None\n");
  const run = (...args) => execFileSync(gradebox, [...args, "--course", course], {encoding: "utf8"});
  run("keygen");
  run("release", "ps1");
  try {
    run("autograde", "ps1", "--jobs", "2");
  } catch (error) {
    if (error.status !== 1) throw error;  // 1: a submission errored (mallory's bombs), as in the demo
  }
  return {work, course};
}

function startFormgrader(gradebox, course) {
  const server = spawn(gradebox, ["formgrader", "--course", course, "--port", "0", "--grader", "browser-ta"],
                       {stdio: ["ignore", "pipe", "inherit"]});
  return new Promise((resolve, reject) => {
    let text = "";
    server.stdout.on("data", (chunk) => {
      text += chunk;
      const match = text.match(/(http:\/\/\S+\?token=\w+)/);
      if (match) resolve({server, url: match[1]});
    });
    server.on("exit", (code) => reject(new Error(`formgrader exited ${code}: ${text}`)));
  });
}

function manualGradesOf(course, student) {
  const dir = path.join(course, "records", "ps1", "manual", student);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => {
    const envelope = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
    return JSON.parse(Buffer.from(envelope.payload, "base64").toString("utf8"));
  });
}

async function gradeAliceWithKeyboard(page, failures) {
  const total = async () => page.$eval("#total", (e) => e.textContent);
  const before = await total();
  await page.keyboard.press("j");
  const focused = await page.evaluate(() => {
    const form = document.activeElement && document.activeElement.form;
    return form ? form.dataset.gradeId : "";
  });
  if (focused !== "explain") failures.push(`j focused ${JSON.stringify(focused)}, not the explain cell`);
  await page.keyboard.type("1.5");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /saved/.test(document.querySelector('form[data-grade-id="explain"] .save-state').textContent),
                             {timeout: 15000});
  const after = await total();
  const [points, max] = before.split(" / ").map(Number);
  if (after !== `${points + 1.5} / ${max}`) failures.push(`total went from ${before} to ${after}, expected +1.5`);
  if (await page.$eval("#pending", (e) => e.textContent) !== "0") failures.push("alice still has answers pending");
  return after;
}

async function main() {
  const gradebox = path.resolve(process.argv[2] || process.env.GRADEBOX || "");
  if (!fs.existsSync(gradebox)) skip(`no gradebox binary at ${gradebox}`);
  const puppeteer = loadPuppeteer();
  const {work, course} = gradedDemoCourse(gradebox);
  const {server, url} = await startFormgrader(gradebox, course);
  const browser = await puppeteer.launch({executablePath: CHROMIUM, headless: true,
                                          args: ["--no-sandbox", "--disable-gpu", "--no-first-run"]});
  const failures = [];
  try {
    const page = await browser.newPage();
    page.on("console", (m) => { if (m.type() === "error") failures.push(`console error: ${m.text()}`); });
    page.on("pageerror", (e) => failures.push(`page error: ${e.message}`));
    await page.goto(url, {waitUntil: "load"});
    await page.click('a[href$="assignments/ps1"]');
    await page.waitForSelector("#submissions");
    await page.click('tr[data-student="alice"] a');
    await page.waitForSelector("form.grade");
    const total = await gradeAliceWithKeyboard(page, failures);

    await page.keyboard.press("Escape");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("n")]);
    if (!page.url().endsWith("/ps1/bob")) failures.push(`n went to ${page.url()}, not bob`);
    await Promise.all([page.waitForNavigation(), page.keyboard.press("p")]);
    if (await page.$eval("#total", (e) => e.textContent) !== total) failures.push("alice's total did not persist");

    await page.goto(url.replace(/\?token=.*/, "assignments/ps1/mallory"), {waitUntil: "load"});
    await new Promise((r) => setTimeout(r, 500));  // time for any onerror to fire
    const seen = await page.evaluate(() => ({title: document.title, pwned: window.pwned, text: document.body.textContent}));
    if (seen.title !== "ps1 / mallory - gradebox formgrader") failures.push(`title changed to ${seen.title}`);
    if (seen.pwned !== undefined) failures.push(`student script ran (window.pwned = ${seen.pwned})`);
    if (!seen.text.includes("window.pwned = 3")) failures.push("the student's printed <script> is not shown as text");
    await page.screenshot({path: path.join(work, "formgrader.png"), fullPage: false});
  } finally {
    await browser.close();
    server.kill("SIGTERM");
  }
  const explain = manualGradesOf(course, "alice").filter((g) => g.grade_id === "explain");
  if (explain.length !== 1 || explain[0].points_milli !== 1500 || explain[0].grader !== "browser-ta")
    failures.push(`alice's manual grade records: ${JSON.stringify(explain)}`);
  try {
    execFileSync(gradebox, ["verify", path.join(course, "records"), "--course", course], {encoding: "utf8"});
  } catch (error) {
    failures.push(`gradebox verify refused the records: ${error.stdout}${error.stderr}`);
  }
  for (const f of failures) console.log(`FAIL: ${f}`);
  if (!failures.length) fs.rmSync(work, {recursive: true, force: true});
  else console.log(`scratch course kept at ${work}`);
  console.log(failures.length ? "0 passed, 1 failed" : "1 passed, 0 failed");
  return failures.length ? 1 : 0;
}

main().then((code) => process.exit(code), (error) => {
  console.log(`FAIL: ${error.stack || error}`);
  process.exit(1);
});
