// PaperCache's page behaviour: Copy BibTeX, the sidebar toggles on every screen, and the language
// switcher keeping the section the reader is on.

// "Copy BibTeX": copies the entry shown in the card's disclosure and says so to screen readers.
const copyTimers = new WeakMap();

function announce(button, text) {
  // a polite live region beside the button; created before use so the change is announced
  let live = button.nextElementSibling;
  if (!live || !live.classList.contains("pc-live")) {
    live = document.createElement("span");
    live.className = "pc-live pc-visually-hidden";
    live.setAttribute("aria-live", "polite");
    button.after(live);
  }
  live.textContent = text;
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("button.pc-copy");
  if (!button) return;
  const source = document.getElementById(button.dataset.target);
  if (!source) return;
  const text = source.innerText.trim();
  // the label is read once: a second click while "Copied" shows must not make that the label
  if (!button.dataset.label) button.dataset.label = button.textContent;
  const done = () => {
    button.textContent = button.dataset.copied;
    announce(button, button.dataset.copied);
    clearTimeout(copyTimers.get(button));
    copyTimers.set(button, setTimeout(() => {
      button.textContent = button.dataset.label;
      announce(button, "");
    }, 1500));
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, () => {});
  } else {
    // file:// and plain-http pages have no clipboard API; fall back to a selection copy
    const area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
    done();
  }
});

// Sidebar toggles. pydata-sphinx-theme binds its "open the sidebar" handler, and the book theme
// its desktop "collapse the sidebar" handler, to the first .primary-toggle / .secondary-toggle
// only; with the book theme that is a button of the hidden site header, so the visible ones in
// the article header did nothing (pydata/pydata-sphinx-theme#2451 and
// executablebooks/sphinx-book-theme#999, both open for pydata-sphinx-theme 0.20 /
// sphinx-book-theme 1.4; the fix proposed is sphinx-book-theme#1000). A click on any other toggle
// is passed to the first. Drop this when the themes bind every toggle.
document.addEventListener(
  "click",
  (event) => {
    for (const kind of ["primary-toggle", "secondary-toggle"]) {
      const button = event.target.closest(`.${kind}`);
      if (!button) continue;
      const first = document.querySelector(`.${kind}`);
      if (!first || first === button) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      button.blur(); // the tooltip would otherwise stay over the opened sidebar
      first.click();
      return;
    }
  },
  true,
);

// The language switcher's links keep the section: headings have the same ids in both languages.
function keepFragment() {
  for (const a of document.querySelectorAll("nav.pc-lang-switch a[href]")) {
    const url = new URL(a.getAttribute("href"), document.baseURI);
    url.hash = window.location.hash;
    a.href = url.href;
  }
}
window.addEventListener("hashchange", keepFragment);
onReady(keepFragment);

// Wide display math scrolls; keyboard users need to reach it to scroll it (as the theme does
// for code blocks).
function focusableMath() {
  for (const box of document.querySelectorAll("div.math")) {
    if (box.scrollWidth > box.clientWidth + 1) box.tabIndex = 0;
    else box.removeAttribute("tabindex");
  }
}

// The theme's primary sidebar is a plain <div>, so its site title sits outside any landmark;
// name it as the region that holds the site navigation.
function labelSidebar() {
  const sidebar = document.getElementById("pst-primary-sidebar");
  const nav = document.getElementById("pc-nav")?.closest("nav[aria-label]");
  if (sidebar && nav && !sidebar.hasAttribute("role")) {
    sidebar.setAttribute("role", "region");
    sidebar.setAttribute("aria-label", nav.getAttribute("aria-label"));
  }
}

function onReady(callback) {
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", callback);
  } else {
    callback();
  }
}
onReady(focusableMath);
// live regions exist before they change, or screen readers may not announce the change
onReady(() => document.querySelectorAll("button.pc-copy").forEach((b) => announce(b, "")));
onReady(labelSidebar);
window.addEventListener("resize", focusableMath);
