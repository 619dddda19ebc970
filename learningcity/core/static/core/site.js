// Small progressive enhancements. Every page works without this script.
document.addEventListener("DOMContentLoaded", () => {
  // Language switcher: submit on change; the button stays for keyboard and no-JS users.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
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
