#!/bin/sh
# Refresh the front-end files vendored from npm so that no page loads anything from an outside host.
# Run from the repository root: scripts/vendor_npm.sh   (needs npm and network access once; commit the result)
# To upgrade, change a version below, run the script, delete the old version's folder and update the path in
# digigov/core/api_docs.py (Swagger UI), core/tests/test_home_browser.py (axe-core) or forms/templates/forms/admin/
# designer.html (form-js).
set -eu

SWAGGER_UI=5.35.0  # swagger-ui-dist, Apache-2.0
AXE_CORE=4.14.1    # axe-core, MPL-2.0 (test-only, injected by the accessibility test)
FORM_JS=1.23.0     # @bpmn-io/form-js, MIT with the bpmn.io watermark clause: the form designer (forms app)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fetch() {  # fetch <package> <version>: unpack the registry tarball into $work/<package> (@scope/name packs as scope-name)
    tarball="$(echo "$1" | sed -e 's#^@##' -e 's#/#-#')-$2.tgz"
    (cd "$work" && npm pack --silent "$1@$2" >/dev/null && mkdir -p "$1" && tar -xzf "$tarball" -C "$1" --strip-components=1)
}

fetch swagger-ui-dist "$SWAGGER_UI"
dest=src/digigov/core/static/vendor/swagger-ui/$SWAGGER_UI
mkdir -p "$dest"
for f in swagger-ui-bundle.js swagger-ui.css LICENSE NOTICE; do
    [ -f "$work/swagger-ui-dist/$f" ] || continue
    # Source maps are not shipped: drop the comment that points at them (collectstatic's manifest would want them).
    sed -e '/^\/\/# sourceMappingURL=/d' -e 's#/\*\# sourceMappingURL=[^*]*\*/##' "$work/swagger-ui-dist/$f" >"$dest/$f"
done

fetch axe-core "$AXE_CORE"
dest=src/digigov/core/tests/vendor
mkdir -p "$dest"
cp "$work/axe-core/axe.min.js" "$dest/axe.min.js"
cp "$work/axe-core/LICENSE" "$dest/axe-core.LICENSE"

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

echo "vendored swagger-ui-dist $SWAGGER_UI, axe-core $AXE_CORE and @bpmn-io/form-js $FORM_JS"
