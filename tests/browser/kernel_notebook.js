// The gradebox kernel in a real browser: Debian's chromium (headless, driven by puppeteer-core)
// opens a notebook in the classic Notebook served by jupyter-server on 127.0.0.1, with the
// gradebox kernelspec as the notebook's kernel, runs a print loop and a shell command, a matplotlib
// plot (an inline PNG <img>), a pandas DataFrame (an HTML table) and an ipywidgets slider (a
// rendered slider; checked only when the Notebook loads the jupyter-js-widgets extension, else
// skipped with the reason printed), and checks what the page shows and that the console logged no
// error.
//
// usage: node kernel_notebook.js GRADEBOX_KERNEL
// Exit 77 (ctest SKIP_RETURN_CODE) with the reason printed when chromium, puppeteer-core or
// jupyter-server is missing.
"use strict";
const { spawn, spawnSync } = require("child_process");
const fs = require("fs");
const net = require("net");
const os = require("os");
const path = require("path");

const SKIP = 77;
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const PYTHON = "/usr/bin/python3";

function skip(reason) {
  console.log(`skipped: ${reason}`);
  process.exit(SKIP);
}

function loadPuppeteer() {
  try {
    return require("puppeteer-core");
  } catch (error) {
    skip("puppeteer-core is not installed (scripts/install-deps.sh runs npm ci in tests/browser)");
  }
}

const kernel = process.argv[2];
if (!kernel || !fs.existsSync(kernel)) skip("no gradebox-kernel given");
if (!fs.existsSync(CHROMIUM)) skip(`no chromium at ${CHROMIUM}`);
const puppeteer = loadPuppeteer();
if (spawnSync(PYTHON, ["-c", "import notebook, jupyter_server"]).status !== 0)
  skip("python3-notebook (jupyter-server) is not installed");

const LINES = 500;
const code = (source) => ({ cell_type: "code", execution_count: null, metadata: {}, outputs: [], source });
const notebook = {
  cells: [
    code(`for i in range(${LINES}):\n    print('line', i)\n!echo shell says hello`),
    code("import matplotlib.pyplot as plt\nplt.plot([1, 3, 2])\nplt.show()"),
    code("import pandas as pd\npd.DataFrame({'name': ['ada', 'bob'], 'score': [3, 5]})"),
    code("import ipywidgets as widgets\nwidgets.IntSlider(value=4, min=0, max=9, description='gradebox')"),
  ],
  metadata: { kernelspec: { name: "gradebox-browser", display_name: "gradebox", language: "python" } },
  nbformat: 4, nbformat_minor: 5,
};
const SLIDER_CELL = 3;

function makeFolders() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "gradebox-browser-kernel-"));
  const prefix = path.join(root, "prefix");
  const work = path.join(root, "work");
  fs.mkdirSync(work);
  fs.chmodSync(work, 0o777);
  fs.writeFileSync(path.join(work, "kernel.ipynb"), JSON.stringify(notebook));
  // No shared warm zygote: it would outlive the test by its idle time.
  const done = spawnSync(kernel, ["install", "--prefix", prefix, "--name", "gradebox-browser",
    "--no-warm-zygote"]);
  if (done.status !== 0) throw new Error(`kernelspec install failed: ${done.stderr}`);
  return { root, work, data: path.join(prefix, "share", "jupyter") };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// Starts the classic Notebook on a free port; resolves to {server, url} once it listens.
async function startServer(folders) {
  const token = "gradebox-browser-test";
  const port = await freePort();
  const server = spawn(PYTHON, ["-m", "notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1",
    `--port=${port}`, "--port-retries=0", `--NotebookApp.token=${token}`,
    `--notebook-dir=${folders.work}`], {
    env: { ...process.env, JUPYTER_PATH: folders.data, JUPYTER_RUNTIME_DIR: path.join(folders.root, "rt"),
           JUPYTER_CONFIG_DIR: path.join(folders.root, "cfg"), GRADEBOX_LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no server after 60 s:\n${log}`)), 60000);
    const look = (chunk) => {
      log += chunk;
      if (log.includes(`127.0.0.1:${port}/`)) {
        clearTimeout(timer);
        resolve({ server, url: `http://127.0.0.1:${port}/notebooks/kernel.ipynb?token=${token}` });
      }
    };
    server.stdout.on("data", look);
    server.stderr.on("data", look);
    server.on("exit", (code) => reject(new Error(`notebook server exited ${code}:\n${log}`)));
  });
}

async function runCells(page) {
  await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel &&
    Jupyter.notebook.kernel.is_connected(), { timeout: 60000 });
  await page.evaluate(() => Jupyter.notebook.execute_all_cells());
  await page.waitForFunction(() => Jupyter.notebook.get_cells().every((cell) =>
    cell.input_prompt_number !== null && cell.input_prompt_number !== "*"), { timeout: 120000 });
  await page.waitForFunction(() => document.querySelector(".output_area") !== null);
  return page.evaluate(() => Jupyter.notebook.get_cells().map((cell) =>
    Array.from(cell.element[0].querySelectorAll(".output_subarea"))
      .map((node) => node.innerText).join("")));
}

// Whether cell `index` shows `selector` within `timeout` ms (in its output area, or in the widget
// area jupyter-js-widgets 2 adds to the cell).
async function cellShows(page, index, selector, timeout = 10000) {
  try {
    await page.waitForFunction((i, s) => Jupyter.notebook.get_cell(i).element[0]
      .querySelector(s) !== null, { timeout }, index, selector);
    return true;
  } catch (error) {
    return false;
  }
}

// Whether this Notebook loads the widget manager (Debian's jupyter-nbextension-jupyter-js-widgets).
function widgetsExtensionLoaded(page) {
  return page.evaluate(async () => {
    const config = await (await fetch(`${Jupyter.notebook.base_url}api/config/notebook`)).json();
    return Boolean((config.load_extensions || {})["jupyter-js-widgets/extension"]);
  });
}

// Problems with what the plot, DataFrame and slider cells show.
async function richOutputProblems(page, texts) {
  const problems = [];
  if (!(await cellShows(page, 1, "img[src^='data:image/png']")))
    problems.push("the plot shows no inline PNG");
  if (!(await cellShows(page, 2, "table.dataframe")) || !texts[2].includes("ada"))
    problems.push("the DataFrame shows no HTML table");
  if (!(await widgetsExtensionLoaded(page))) {
    console.log("skipped the slider: the Notebook does not load jupyter-js-widgets/extension");
  } else if (!(await cellShows(page, SLIDER_CELL, ".widget-slider, .slider-container", 20000))) {
    problems.push(`the slider did not render: "${texts[SLIDER_CELL].slice(0, 300)}"`);
  }
  return problems;
}

async function main() {
  const folders = makeFolders();
  const { server, url } = await startServer(folders);
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
  const consoleErrors = [];
  let failed = false;
  try {
    const page = await browser.newPage();
    page.on("console", (msg) => { if (msg.type() === "error") consoleErrors.push(msg.text()); });
    page.on("pageerror", (error) => consoleErrors.push(String(error)));
    await page.goto(url, { waitUntil: "load", timeout: 60000 });
    const texts = await runCells(page);
    const text = texts[0];
    const lines = text.split("\n").filter((line) => line.startsWith("line "));
    const problems = [];
    if (lines.length !== LINES) problems.push(`${lines.length} of ${LINES} printed lines shown`);
    if (lines[LINES - 1] !== `line ${LINES - 1}`) problems.push(`last line is "${lines[lines.length - 1]}"`);
    if (!text.includes("shell says hello")) problems.push("the shell command's output is missing");
    problems.push(...(await richOutputProblems(page, texts)));
    const kernelName = await page.evaluate(() => Jupyter.notebook.kernel.name);
    if (kernelName !== "gradebox-browser") problems.push(`the kernel is ${kernelName}`);
    // A missing favicon or a 404 for a custom.css the server does not have is not the kernel's.
    const errors = consoleErrors.filter((e) => !/favicon|custom\.css|404/.test(e));
    if (errors.length) problems.push(`console errors: ${errors.join(" | ")}`);
    if (problems.length) {
      failed = true;
      console.log(`FAIL: ${problems.join("; ")}\npage output:\n${text.slice(0, 2000)}`);
    } else {
      console.log(`ok: ${LINES} lines, the shell command's output, a plot, a table and widgets ` +
        "shown, no console error");
    }
  } finally {
    await browser.close();
    server.kill("SIGTERM");
    await new Promise((resolve) => server.on("exit", resolve));
    fs.rmSync(folders.root, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.log(`FAIL: ${error.stack || error}`);
  process.exit(1);
});
