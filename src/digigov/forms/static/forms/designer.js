// The form designer (forms/templates/forms/admin/design.html): starts the vendored form-js editor on the schema the
// page carries in a JSON script tag, and puts the edited schema into the form before it is posted, whether to save
// it as a new version or to preview it in the frame below. No inline script: the page's CSP allows only 'self'.
// Wagtail puts a page's scripts in the head, so the editor starts once the document is read (the tags are defer).
// The editor speaks Chinese: form-js 1.23 has no translate service for it (forms/designer_labels.py), so a module
// renames the components in its registry, drops those the server refuses (schema.SUPPORTED: their palette group,
// "Action", goes with them), and an observer translates by exact text what the palette, the properties panel and
// the empty canvas draw — never a field's own label, option or text, which are the form's content.
(function () {
  "use strict";
  var container = document.getElementById("form-designer");
  var form = document.getElementById("form-save");
  if (!container || !form || !window.FormEditor) {
    return;
  }
  var schema = JSON.parse(document.getElementById(container.getAttribute("data-schema")).textContent);
  var config = JSON.parse(document.getElementById(container.getAttribute("data-config")).textContent);
  var labels = config.labels || {};
  var supported = config.supported || [];
  var field = document.getElementById("form-schema-field");

  function fill(template, values) {
    return template.replace(/{([^}]+)}/g, function (whole, key) {
      return values[key] !== undefined ? values[key] : whole;
    });
  }

  function translate(text) {
    if (Object.prototype.hasOwnProperty.call(labels, text)) {
      return labels[text];
    }
    var match = /^Create an? (.+) element$/.exec(text);
    if (match) {
      return fill(labels["Create a {name} element"] || text, { name: translate(match[1]) });
    }
    match = /^Remove (.+)$/.exec(text);
    if (match && match[1] !== "form field") {
      return fill(labels["Remove {name}"] || text, { name: translate(match[1]) });
    }
    match = /^List contains (\d+) items?$/.exec(text);
    if (match) {
      return fill(labels["List contains {n} items"] || text, { n: match[1] });
    }
    return text;
  }

  // The registry, before the palette reads it: Chinese names (the palette and its search), a Chinese default label
  // for a new field, and only the components the server accepts (the form itself is "default").
  function ChineseComponents(formFields) {
    Object.keys(formFields._formFields).forEach(function (type) {
      if (type !== "default" && supported.indexOf(type) < 0) {
        delete formFields._formFields[type];
        return;
      }
      var component = formFields._formFields[type];
      var original = component.config;
      var renamed = Object.assign({}, original);
      if (original.name) {
        renamed.name = translate(original.name);
      }
      if (original.label) {
        renamed.label = translate(original.label);
      }
      if (typeof original.create === "function") {
        renamed.create = function (options) {
          var made = original.create(options || {});
          if (made && typeof made.label === "string" && !(options && "label" in options)) {
            made.label = translate(made.label);
          }
          return made;
        };
      }
      component.config = renamed;
    });
  }
  ChineseComponents.$inject = ["formFields"];

  // What the editor draws itself: the palette, the properties panel and the canvas's empty states. The selected
  // field's label in the panel's header, the titles of option rows and code editors hold the form's own text.
  var EDITOR_TEXT = ".fjs-palette-container, .fjs-properties-container, .fjs-empty-editor, .fjs-empty-component";
  var FORM_TEXT = ".bio-properties-panel-header-label, .bio-properties-panel-collapsible-entry-header-title, " +
    ".cm-editor, textarea, input";
  var ATTRIBUTES = ["title", "placeholder", "aria-label"];

  function ours(element) {
    return element.closest(EDITOR_TEXT) && !element.closest(FORM_TEXT);
  }

  function translateText(node) {
    var parent = node.parentElement;
    var text = node.data.trim();
    if (!text || !parent || !ours(parent)) {
      return;
    }
    var translated = translate(text);
    if (translated !== text) {
      node.data = node.data.replace(text, translated);
    }
  }

  function translateAttributes(element) {
    if (!(element.closest(EDITOR_TEXT) || element.closest(".fjs-context-pad"))) {
      return;
    }
    ATTRIBUTES.forEach(function (name) {
      var value = element.getAttribute(name);
      if (value) {
        var translated = translate(value);
        if (translated !== value) {
          element.setAttribute(name, translated);
        }
      }
    });
  }

  function translateTree(root) {
    if (root.nodeType === Node.TEXT_NODE) {
      translateText(root);
      return;
    }
    if (root.nodeType !== Node.ELEMENT_NODE) {
      return;
    }
    translateAttributes(root);
    root.querySelectorAll("*").forEach(translateAttributes);
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      translateText(node);
    }
  }

  new MutationObserver(function (mutations) {
    mutations.forEach(function (mutation) {
      if (mutation.type === "characterData") {
        translateText(mutation.target);
      } else if (mutation.type === "attributes") {
        translateAttributes(mutation.target);
      } else {
        mutation.addedNodes.forEach(translateTree);
      }
    });
  }).observe(container, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ATTRIBUTES,
  });

  var editor = new window.FormEditor.FormEditor({
    container: container,
    additionalModules: [{ __init__: ["chineseComponents"], chineseComponents: ["type", ChineseComponents] }],
  });
  translateTree(container);
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
