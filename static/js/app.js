// Confirmation before irreversible actions: <form data-confirm="...">.
document.addEventListener("submit", function (event) {
  const message = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
}, true);
