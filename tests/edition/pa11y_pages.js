// pa11y on many pages in one Chromium (tests/edition/test_validity.py):
//   node pa11y_pages.js CONFIG.json URL...
// CONFIG holds pa11y's options as its command line reads them from --config; Chromium is
// launched once with its chromeLaunchConfig, and each page is tested in a fresh browser context
// of its own (no storage shared between pages), as a run of the pa11y command per page would.
// Prints {url: [issue, ...]} as JSON; exits 1 when pa11y could not test a page.
"use strict";

const fs = require("fs");
const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

async function main() {
    const [configPath, ...urls] = process.argv.slice(2);
    const config = JSON.parse(fs.readFileSync(configPath, "utf8"));
    const browser = await puppeteer.launch(config.chromeLaunchConfig);
    const found = {};
    try {
        for (const url of urls) {
            const context = await browser.createBrowserContext();
            try {
                const page = await context.newPage();
                const results = await pa11y(url, { ...config, browser, page });
                found[url] = results.issues;
            } finally {
                await context.close();
            }
        }
    } finally {
        await browser.close();
    }
    process.stdout.write(JSON.stringify(found));
}

main().catch((error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
});
