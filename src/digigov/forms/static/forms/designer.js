// The form designer (forms/templates/forms/admin/design.html): starts the vendored form-js editor on the schema the
// page carries in a JSON script tag, and puts the edited schema into the form before it is posted, whether to save
// it as a new version or to preview it in the frame below. No inline script: the page's CSP allows only 'self'.
// Wagtail puts a page's scripts in the head, so the editor starts once the document is read (the tags are defer).
(function () {
  "use strict";
  var container = document.getElementById("form-designer");
  var form = document.getElementById("form-save");
  if (!container || !form || !window.FormEditor) {
    return;
  }
  var schema = JSON.parse(document.getElementById(container.getAttribute("data-schema")).textContent);
  var field = document.getElementById("form-schema-field");
  var editor = new window.FormEditor.FormEditor({ container: container });
  var ready = editor.importSchema(schema).catch(function (error) {
    container.setAttribute("data-error", String(error && error.message ? error.message : error));
  });
  form.addEventListener("submit", function () {
    field.value = JSON.stringify(editor.saveSchema());
  });
  ready.then(function () {
    container.setAttribute("data-ready", "true");
    // The preview frame shows the saved version at first; the preview button shows the schema being edited.
  });
})();
