#!/bin/sh
# Refresh the front-end files vendored from npm so that no page loads anything from an outside host.
# Run from the repository root: scripts/vendor_npm.sh   (needs npm and network access once; commit the result)
# To upgrade, change a version below, run the script, delete the old version's folder and update the path in
# digigov/core/api_docs.py (Swagger UI), core/tests/test_home_browser.py (axe-core),
# workflow/templates/workflow/_bpmn_assets.html (bpmn-js, its properties panel and the panel's CSS) or
# forms/templates/forms/admin/design.html (form-js), eservices/templates/eservices/figures.html (ECharts) or
# core/division_maps.py (the boundary files' folder).
set -eu

SWAGGER_UI=5.35.0  # swagger-ui-dist, Apache-2.0
AXE_CORE=4.14.1    # axe-core, MPL-2.0 (test-only, injected by the accessibility test)
BPMN_JS=18.31.1    # bpmn-js, bpmn.io licence (MIT + the watermark must stay visible: docs/deploy.md)
BPMN_JS_PROPERTIES_PANEL=5.65.3  # bpmn-js-properties-panel, MIT (UMD bundle with preact and codemirror inside)
PROPERTIES_PANEL=3.55.0          # @bpmn-io/properties-panel, MIT (only its CSS: the bundle above holds its code)
FORM_JS=1.23.0     # @bpmn-io/form-js, MIT with the bpmn.io watermark clause: the form designer (forms app)
ECHARTS=6.1.0      # echarts, Apache-2.0 (LICENSE + NOTICE shipped beside it): every chart of the platform (DESIGN.md)
ECHARTS_MAPS=4.9.0 # echarts, Apache-2.0: only the province boundary files of its last release that shipped them (map/)
GEO_PROVINCES="hubei"  # the provinces whose divisions core.division_maps draws (hubei.json: 420000's 17 regions)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fetch() {  # fetch <package> <version>: unpack the registry tarball into $work/<package>
    # npm pack prints the tarball's name (a scoped @scope/name becomes scope-name-<version>.tgz)
    (cd "$work" && tgz=$(npm pack --silent "$1@$2") && mkdir -p "$1" && tar -xzf "$tgz" -C "$1" --strip-components=1)
}

strip_maps() {  # strip_maps <from> <to>
    # Source maps are not shipped: drop the comment that points at them (collectstatic's manifest would want them).
    sed -e '/^\/\/# sourceMappingURL=/d' -e 's#/\*\# sourceMappingURL=[^*]*\*/##' "$1" >"$2"
}

fetch swagger-ui-dist "$SWAGGER_UI"
dest=src/digigov/core/static/vendor/swagger-ui/$SWAGGER_UI
mkdir -p "$dest"
for f in swagger-ui-bundle.js swagger-ui.css LICENSE NOTICE; do
    [ -f "$work/swagger-ui-dist/$f" ] || continue
    strip_maps "$work/swagger-ui-dist/$f" "$dest/$f"
done

fetch axe-core "$AXE_CORE"
dest=src/digigov/core/tests/vendor
mkdir -p "$dest"
cp "$work/axe-core/axe.min.js" "$dest/axe.min.js"
cp "$work/axe-core/LICENSE" "$dest/axe-core.LICENSE"

# The process designer (workflow app, back office only; ADR 0003 §3). The icon font is named relatively by
# bpmn-embedded.css (../font/…), so the folder layout below keeps the package's own.
fetch bpmn-js "$BPMN_JS"
dest=src/digigov/workflow/static/vendor/bpmn-js/$BPMN_JS
mkdir -p "$dest/assets/bpmn-font/css" "$dest/assets/bpmn-font/font"
for f in dist/bpmn-modeler.production.min.js dist/bpmn-navigated-viewer.production.min.js \
    dist/assets/diagram-js.css dist/assets/bpmn-js.css LICENSE; do
    strip_maps "$work/bpmn-js/$f" "$dest/$(basename "$f")"
done
for f in "$work"/bpmn-js/dist/assets/bpmn-font/css/*.css; do strip_maps "$f" "$dest/assets/bpmn-font/css/$(basename "$f")"; done
cp "$work"/bpmn-js/dist/assets/bpmn-font/font/* "$dest/assets/bpmn-font/font/"

fetch bpmn-js-properties-panel "$BPMN_JS_PROPERTIES_PANEL"
dest=src/digigov/workflow/static/vendor/bpmn-js-properties-panel/$BPMN_JS_PROPERTIES_PANEL
mkdir -p "$dest"
strip_maps "$work/bpmn-js-properties-panel/dist/bpmn-js-properties-panel.umd.js" "$dest/bpmn-js-properties-panel.umd.js"
cp "$work/bpmn-js-properties-panel/LICENSE" "$dest/LICENSE"

fetch @bpmn-io/properties-panel "$PROPERTIES_PANEL"
dest=src/digigov/workflow/static/vendor/properties-panel/$PROPERTIES_PANEL
mkdir -p "$dest"
strip_maps "$work/@bpmn-io/properties-panel/dist/assets/properties-panel.css" "$dest/properties-panel.css"
cp "$work/@bpmn-io/properties-panel/LICENSE" "$dest/LICENSE"

# The form designer: the editor bundle (it contains the viewer it previews with) and its style sheets. Its licence
# requires the bpmn.io watermark to stay visible (forms/tests/test_browser_designer.py checks it).
fetch @bpmn-io/form-js "$FORM_JS"
src="$work/@bpmn-io/form-js"
dest=src/digigov/forms/static/vendor/form-js/$FORM_JS
mkdir -p "$dest"
for f in dist/form-editor.umd.js dist/assets/form-js.css dist/assets/form-js-editor.css \
    dist/assets/properties-panel.css dist/assets/flatpickr/light.css LICENSE; do
    sed -e '/^\/\/# sourceMappingURL=/d' -e 's#/\*\# sourceMappingURL=[^*]*\*/##' "$src/$f" >"$dest/${f##*/}"
done

# Charts (DESIGN.md: ECharts for dashboards, so shared: core's static files). The minified full build registers
# `window.echarts`; its NOTICE must travel with it (Apache-2.0 §4d).
fetch echarts "$ECHARTS"
dest=src/digigov/core/static/vendor/echarts/$ECHARTS
mkdir -p "$dest"
for f in dist/echarts.min.js LICENSE NOTICE; do
    strip_maps "$work/echarts/$f" "$dest/${f##*/}"
done

# Division boundaries for the heat maps (core.division_maps; issue 13 item 8): ECharts 4.9.0 was the last release
# to ship map/json, prefecture-level GeoJSON per province in ECharts' compact coordinate encoding (UTF8Encoding:
# ECharts 6 decodes it in registerMap). Copied byte for byte, with the release's LICENSE and NOTICE beside them.
(cd "$work" && tgz=$(npm pack --silent "echarts@$ECHARTS_MAPS") && mkdir -p echarts-maps \
    && tar -xzf "$tgz" -C echarts-maps --strip-components=1)
dest=src/digigov/core/static/vendor/geo/echarts-$ECHARTS_MAPS
mkdir -p "$dest"
for province in $GEO_PROVINCES; do
    cp "$work/echarts-maps/map/json/province/$province.json" "$dest/$province.json"
done
cp "$work/echarts-maps/LICENSE" "$work/echarts-maps/NOTICE" "$dest/"

echo "vendored swagger-ui-dist $SWAGGER_UI, axe-core $AXE_CORE, bpmn-js $BPMN_JS," \
    "bpmn-js-properties-panel $BPMN_JS_PROPERTIES_PANEL, @bpmn-io/properties-panel $PROPERTIES_PANEL," \
    "@bpmn-io/form-js $FORM_JS, echarts $ECHARTS and the boundaries of echarts $ECHARTS_MAPS ($GEO_PROVINCES)"
