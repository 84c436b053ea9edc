/* A saved process version, read only (bpmn-js's navigated viewer: pan and zoom). The page gives the configuration
   as JSON in <script type="application/json" id="wf-config">: {xml, labels}. */
(function () {
  "use strict";
  var configNode = document.getElementById("wf-config");
  if (!configNode || !window.BpmnJS) {
    return;
  }
  var config = JSON.parse(configNode.textContent);
  var labels = config.labels || {};
  var viewer = new window.BpmnJS({
    container: "#wf-viewer",
    additionalModules: [
      {
        translate: [
          "value",
          function (template) {
            return labels[template] || template;
          },
        ],
      },
    ],
  });
  viewer
    .importXML(config.xml)
    .then(function () {
      viewer.get("canvas").zoom("fit-viewport", "auto");
      document.getElementById("wf-viewer").setAttribute("data-ready", "true");
    })
    .catch(function (error) {
      var problem = document.getElementById("wf-import-error");
      problem.textContent = error.message || String(error);
      problem.hidden = false;
    });
})();
