// whatsapp-web.js depends on Puppeteer; Stratum never lets a package download its own browser.
// The whatsapp-web.js channel runs the system Chromium (/usr/bin/chromium) instead.
module.exports = { skipDownload: true };
