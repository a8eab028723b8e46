// Small enhancements of the dashboard; every page works without them.
(function () {
  "use strict";

  // Say at once that a file is over the upload limit, instead of after sending it.
  function guardUploadSize() {
    var form = document.getElementById("upload-form");
    if (!form) return;
    var input = form.querySelector("input[type=file]");
    var warning = document.getElementById("file-too-large");
    var limit = parseInt(form.getAttribute("data-max-bytes"), 10);
    function tooLarge() {
      return input.files.length > 0 && input.files[0].size > limit;
    }
    input.addEventListener("change", function () {
      warning.hidden = !tooLarge();
    });
    form.addEventListener("submit", function (event) {
      if (tooLarge()) {
        warning.hidden = false;
        event.preventDefault();
      }
    });
  }

  // Ask before cancelling a run.
  function confirmCancels() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (form.matches && form.matches("form[action$='/cancel']") && !window.confirm("Cancel this run?")) {
        event.preventDefault();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    guardUploadSize();
    confirmCancels();
  });
})();
