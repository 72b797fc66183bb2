#!/usr/bin/env node
// Real-browser test of `gradebox formgrader`: Debian's Chromium (headless) driven by
// puppeteer-core grades the demo course's manual cell (ps1 problem2 "explain") after keygen,
// release and autograde in a scratch copy (as examples/run-demo.sh does), using the keyboard: j to
// the next ungraded cell (graded and test cells skipped), Enter to save, n/p to the next/previous
// submission with answers pending (graded submissions skipped), N/P to the next/previous
// submission. Checks the totals on the page, that `gradebox verify` accepts the signed records it
// wrote, that math in answers is rendered by KaTeX (served by the formgrader itself), that a
// student's <script>, onerror and TeX tricks never run, and that no page logged a console error.
// usage: node formgrader.js GRADEBOX_BINARY      exit 0 pass, 1 fail, 77 skipped (reason printed)
"use strict";
const {execFileSync, spawn} = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const SKIP = 77;
const CHROMIUM = "/usr/bin/chromium";
const HOSTILE_MARKDOWN = "<script>window.pwned = 1; document.title = 'PWNED-1'</script>\n\n" +
  "<img src=x onerror=\"window.pwned = 2; document.title = 'PWNED-2'\"> my answer\n\n" +
  "$x</span><img src=x onerror=\"window.pwned = 5\">$ and $\\href{javascript:window.pwned=6}{click}$ " +
  "and $$\\htmlClass{x}{y}\\unicode{<script>window.pwned = 7</script>}$$";
const ALICE_ANSWER = "A sandbox keeps untrusted code away, so $P(\\text{leak}) = 0$ and\n\n" +
  "$$\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}$$";
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
  edit(path.join(course, "submitted", "alice", "ps1", "problem2.ipynb"), "explain", ALICE_ANSWER);
  edit(path.join(course, "submitted", "bob", "ps1", "problem2.ipynb"), "explain", "It isolates code.");
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

const focusedCell = (page) => page.evaluate(() => {
  const form = document.activeElement && document.activeElement.closest(".grade");
  return form ? form.dataset.gradeId : "";
});

// j to the one ungraded cell, points, Enter; the total moves by the points and nothing is pending.
async function gradeWithKeyboard(page, points, failures) {
  const total = async () => page.$eval("#total", (e) => e.textContent);
  const before = await total();
  await page.keyboard.press("j");
  const focused = await focusedCell(page);
  if (focused !== "explain") failures.push(`j focused ${JSON.stringify(focused)}, not the explain cell`);
  await page.keyboard.type(String(points));
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /saved/.test(document.querySelector('.grade[data-grade-id="explain"] .save-state').textContent),
                             {timeout: 15000});
  const after = await total();
  const [sum, max] = before.split(" / ").map(Number);
  if (after !== `${sum + points} / ${max}`) failures.push(`total went from ${before} to ${after}, expected +${points}`);
  if (await page.$eval("#pending", (e) => e.textContent) !== "0") failures.push(`answers still pending at ${page.url()}`);
  await page.keyboard.press("Escape");
  return after;
}

async function press(page, key, student, failures) {
  await Promise.all([page.waitForNavigation(), page.keyboard.press(key)]);
  if (!page.url().endsWith(`/ps1/${student}`)) failures.push(`${key} went to ${page.url()}, not ${student}`);
}

async function mathRendered(page, failures) {
  await page.waitForSelector(".katex", {timeout: 15000}).catch(() => {});
  const math = await page.evaluate(() => ({katex: document.querySelectorAll(".katex").length,
                                           display: document.querySelectorAll(".katex-display").length}));
  if (!math.katex || !math.display) failures.push(`math not rendered at ${page.url()}: ${JSON.stringify(math)}`);
}

// alice, bob and mallory answered and wait for a grade (mallory's answer is the hostile one).
async function gradeAndNavigate(page, failures) {
  await mathRendered(page, failures);  // alice's answer: inline and display math
  const aliceTotal = await gradeWithKeyboard(page, 1.5, failures);
  await press(page, "n", "bob", failures);
  await gradeWithKeyboard(page, 1, failures);
  await press(page, "P", "alice", failures);
  if (await page.$eval("#total", (e) => e.textContent) !== aliceTotal) failures.push("alice's total did not persist");
  await page.keyboard.press("j");  // every manual cell of alice's is graded now: j finds none
  if (await focusedCell(page)) failures.push(`j focused ${await focusedCell(page)} on a fully graded submission`);
  await press(page, "n", "mallory", failures);  // bob is graded: skipped
  if (await page.$("#prev-ungraded")) failures.push("p offers a graded submission (alice and bob are graded)");
  await press(page, "P", "bob", failures);  // P still visits every submission
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
    await page.waitForSelector("div.grade");
    await gradeAndNavigate(page, failures);

    await page.goto(url.replace(/\?token=.*/, "assignments/ps1/mallory"), {waitUntil: "load"});
    await mathRendered(page, failures);  // her TeX renders (or shows KaTeX's error) and runs nothing
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
  for (const [student, milli] of [["alice", 1500], ["bob", 1000]]) {
    const explain = manualGradesOf(course, student).filter((g) => g.grade_id === "explain");
    if (explain.length !== 1 || explain[0].points_milli !== milli || explain[0].grader !== "browser-ta")
      failures.push(`${student}'s manual grade records: ${JSON.stringify(explain)}`);
  }
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
