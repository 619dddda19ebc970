// Small progressive enhancements. Every page works without this script.
document.addEventListener("DOMContentLoaded", () => {
  // Language switcher: submit on change; the button stays for keyboard and no-JS users.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  // A table wider than the screen scrolls in its box: make that box reachable and named for keyboard users.
  document.querySelectorAll(".table-scroll").forEach((box) => {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      const caption = box.querySelector("caption");
      if (caption) box.setAttribute("aria-label", caption.textContent.trim());
    }
  });
  // A form that came back with errors: move focus to its summary, so keyboard and screen-reader users hear it.
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
  // Confirm destructive actions (archive, cancel, delete) described in data-confirm.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
});
