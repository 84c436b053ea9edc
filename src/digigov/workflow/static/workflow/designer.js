/* The process designer (docs/adr/0003-eservices-workflow.md §3): bpmn-js with its properties panel and Chinese
   labels, a condition field for the sequence flows leaving an exclusive gateway, the server's errors marked on the
   diagram, and the diagram's XML and SVG put into the form when it is saved. The page gives the configuration as
   JSON in <script type="application/json" id="wf-config">: {xml, errors: {elementId: [text]}, labels, text}. */
(function () {
  "use strict";
  var form = document.getElementById("wf-design-form");
  var configNode = document.getElementById("wf-config");
  if (!form || !configNode || !window.BpmnJS || !window.BpmnJSPropertiesPanel) {
    return;
  }
  var config = JSON.parse(configNode.textContent);
  var labels = config.labels || {};
  var text = config.text || {};
  var problem = document.getElementById("wf-import-error");

  function translate(template, replacements) {
    replacements = replacements || {};
    return (labels[template] || template).replace(/{([^}]+)}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(replacements, key) ? replacements[key] : whole;
    });
  }

  function show(message, error) {
    problem.textContent = (message || "%(error)s").replace("%(error)s", (error && error.message) || String(error));
    problem.hidden = false;
  }

  var panel = window.BpmnJSPropertiesPanel;
  var modeler = new window.BpmnJS({
    container: "#wf-canvas",
    propertiesPanel: { parent: "#wf-properties", layout: { groups: { general: { open: true } } } },
    additionalModules: [
      panel.BpmnPropertiesPanelModule,
      panel.BpmnPropertiesProviderModule,
      { translate: ["value", translate] },
    ],
  });
  window.digigovDesigner = modeler; // for the browser test and the curious

  // A task drawn from the palette or the context pad is a user task: a task without a type has nobody to do it,
  // and the server refuses it. (A type chosen through "change element" comes with its own business object.)
  var elementFactory = modeler.get("elementFactory");
  var createShape = elementFactory.createShape.bind(elementFactory);
  elementFactory.createShape = function (attrs) {
    if (attrs && attrs.type === "bpmn:Task" && !attrs.businessObject) {
      attrs = Object.assign({}, attrs, { type: "bpmn:UserTask" });
    }
    return createShape(attrs);
  };

  // The whole diagram in view, right of the palette, never enlarged.
  function fit(canvas) {
    var box = canvas.viewbox();
    var inner = box.inner;
    var outer = box.outer;
    var left = 110; // the palette
    if (!inner.width || !inner.height) {
      return;
    }
    var scale = Math.min(1, (outer.width - left - 30) / inner.width, (outer.height - 40) / inner.height);
    canvas.viewbox({
      x: inner.x - (left + (outer.width - left - inner.width * scale) / 2) / scale,
      y: inner.y - (outer.height - inner.height * scale) / 2 / scale,
      width: outer.width / scale,
      height: outer.height / scale,
    });
  }

  // The server's errors about one element ("element:<id>") outline it in red.
  function markErrors() {
    var canvas = modeler.get("canvas");
    var registry = modeler.get("elementRegistry");
    Object.keys(config.errors || {}).forEach(function (id) {
      if (registry.get(id)) {
        canvas.addMarker(id, "dg-error");
      }
    });
  }

  modeler
    .importXML(config.xml)
    .then(function () {
      fit(modeler.get("canvas"));
      markErrors();
      form.setAttribute("data-ready", "true");
    })
    .catch(function (error) {
      show(text.importFailed, error);
    });

  // Conditions: bpmn-js's generic panel does not edit them (ADR 0003 §3), so a field beside it does.
  var box = document.getElementById("wf-condition");
  var body = document.getElementById("wf-condition-body");
  var flow = null;

  function conditionable(element) {
    if (!element || element.type !== "bpmn:SequenceFlow") {
      return false;
    }
    var source = element.businessObject.sourceRef;
    return source && source.$type === "bpmn:ExclusiveGateway" && source.default !== element.businessObject;
  }

  modeler.on("selection.changed", function (event) {
    var selected = event.newSelection;
    flow = selected.length === 1 && conditionable(selected[0]) ? selected[0] : null;
    box.hidden = !flow;
    if (flow) {
      var expression = flow.businessObject.conditionExpression;
      body.value = expression ? expression.body || "" : "";
    }
  });

  body.addEventListener("change", function () {
    if (!flow) {
      return;
    }
    var condition = body.value.trim();
    modeler.get("modeling").updateProperties(flow, {
      conditionExpression: condition
        ? modeler.get("moddle").create("bpmn:FormalExpression", { body: condition })
        : undefined,
    });
  });

  // A row of the bindings form selects its lane or task in the diagram.
  form.querySelectorAll("tr[data-element] td:first-child").forEach(function (cell) {
    cell.addEventListener("click", function () {
      var element = modeler.get("elementRegistry").get(cell.parentNode.getAttribute("data-element"));
      if (element) {
        modeler.get("selection").select(element);
        modeler.get("canvas").scrollToElement(element);
      }
    });
  });

  // Saving: the diagram as XML (what runs) and SVG (what the public guide shows) go with the form.
  var exported = false;
  form.addEventListener("submit", function (event) {
    if (exported) {
      return;
    }
    event.preventDefault();
    if (document.activeElement === body) {
      body.dispatchEvent(new Event("change"));
    }
    Promise.all([modeler.saveXML({ format: true }), modeler.saveSVG()])
      .then(function (results) {
        form.elements.bpmn_xml.value = results[0].xml;
        form.elements.diagram_svg.value = results[1].svg;
        exported = true;
        form.submit();
      })
      .catch(function (error) {
        show(text.exportFailed, error);
      });
  });
})();
