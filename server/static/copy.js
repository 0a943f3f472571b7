/* "Copy" buttons (cite this): the text of the element a button names goes to the clipboard. */
document.addEventListener("click", function (event) {
  "use strict";
  var button = event.target.closest && event.target.closest("button.copy");
  if (!button) return;
  var source = document.getElementById(button.dataset.copy);
  if (!source) return;
  var label = button.textContent;
  function done() {
    button.textContent = "Copied";
    setTimeout(function () { button.textContent = label; }, 1500);
  }
  function bySelection() {  // where the Clipboard API is not offered (plain http on another host)
    var range = document.createRange();
    range.selectNodeContents(source);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    document.execCommand("copy");
    done();
  }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(source.textContent).then(done, bySelection);
  } else {
    bySelection();
  }
});
