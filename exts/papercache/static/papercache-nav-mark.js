// Swap the page's fallback navigation for the full tree (written once per build to
// papercache-nav.js), rebase its root-relative links, mark the current page, open its ancestors.
(function () {
  const box = document.getElementById("pc-nav");
  if (!box || typeof window.PAPERCACHE_NAV !== "string") return; // keep the fallback
  // The tree's links are relative to the site root; pathto(root_doc) tells how far up it is
  // ("../../index.html" in a sub-folder, "index.html" or "#" at the top).
  const root = box.dataset.root;
  const prefix = root.includes("/") ? root.slice(0, root.lastIndexOf("/") + 1) : "";
  const here = new URL(document.baseURI);
  here.hash = "";
  here.search = "";
  const template = document.createElement("template");
  template.innerHTML = window.PAPERCACHE_NAV;
  let current = null;
  for (const a of template.content.querySelectorAll("a[href]")) {
    const href = a.getAttribute("href");
    if (/^[a-z]+:|^\/\//i.test(href)) continue; // external link
    a.setAttribute("href", prefix + href);
    const target = new URL(prefix + href, document.baseURI);
    target.hash = "";
    if (!current && target.href === here.href) current = a;
  }
  let where = "page";
  if (!current) {
    // a page outside the toctree (a generated tag page): mark its folder's index instead
    const section = new URL("index.html", here);
    current = [...template.content.querySelectorAll("a[href]")].find((a) => {
      const target = new URL(a.getAttribute("href"), document.baseURI);
      target.hash = "";
      return target.href === section.href && section.href !== here.href;
    }) || null;
    where = "location";
  }
  if (current) {
    current.classList.add("current");
    current.setAttribute("aria-current", where);
    for (let el = current.parentElement; el; el = el.parentElement) {
      if (el.tagName === "LI") el.classList.add("current", "active");
      if (el.tagName === "DETAILS") el.open = true;
      // an <li>'s own toggle sits beside its link, not around it
      if (el.tagName === "LI") {
        const own = el.querySelector(":scope > details");
        if (own && el !== current.parentElement) own.open = true;
      }
    }
    const ownChildren = current.parentElement.querySelector(":scope > details");
    if (ownChildren) ownChildren.open = true;
  }
  box.replaceChildren(template.content);
})();
