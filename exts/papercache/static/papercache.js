// "Copy BibTeX": copies the entry shown in the card's disclosure.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button.pc-copy");
  if (!button) return;
  const source = document.getElementById(button.dataset.target);
  if (!source) return;
  const text = source.innerText.trim();
  const done = () => {
    const label = button.textContent;
    button.textContent = button.dataset.copied;
    setTimeout(() => { button.textContent = label; }, 1500);
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
