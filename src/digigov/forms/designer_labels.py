"""The form designer's own words in Chinese. form-js 1.23.0 has no translate service for its editor: the palette's
group and component names, the properties panel's groups, fields and hints and the empty states are English
literals in the bundle (only @bpmn-io/properties-panel's few built-in titles go through a `translate` prop, which
form-js never sets). So `forms/designer.js` renames the components in the editor's `formFields` registry (palette
and its search, the default label of a new field) and translates, by exact text, what the palette, the properties
panel and the empty states draw. The keys are the bundle's English strings as it renders them (read off
`form-editor.umd.js` and the running editor); the msgids are ours, qualified where a bare word (Key, Value, Type)
would share a msgid with another app's screen. A string missing here shows in English."""

from django.utils.translation import gettext as _


def labels() -> dict[str, str]:
    return {
        # palette
        "Components": _("Form components"),
        "Search components": _("Search components"),
        "Clear content": _("Clear the search"),
        "No components found.": _("No components found."),
        "Input": _("Input (form component group)"),
        "Selection": _("Selection (form component group)"),
        "Presentation": _("Presentation (form component group)"),
        "Containers": _("Containers (form component group)"),
        "Action": _("Action (form component group)"),
        # component names (palette, properties panel header, a new field's label)
        "Text field": _("Single-line text"),
        "Text area": _("Multi-line text"),
        "Number": _("Number (form component)"),
        "Date time": _("Date and time (form component)"),
        "Checkbox": _("Checkbox (form component)"),
        "Checkbox group": _("Checkbox group"),
        "Radio group": _("Radio group"),
        "Select": _("Drop-down list"),
        "Text view": _("Text view"),
        "Separator": _("Separator line"),
        "Spacer": _("Spacer"),
        "Group": _("Group (form component)"),
        "Button": _("Button (form component)"),
        "Form": _("Form (the whole)"),
        "Remove form field": _("Remove the form field"),
        # properties panel: groups
        "General": _("General (form field properties)"),
        "Condition": _("Condition (form field)"),
        "Validation": _("Validation"),
        "Appearance": _("Appearance"),
        "Layout": _("Layout (form field)"),
        "Serialization": _("Serialization"),
        "Constraints": _("Constraints"),
        "Custom properties": _("Custom properties"),
        "Options source": _("Options source"),
        "Static options": _("Static options"),
        "Select a form field to edit its properties.": _("Select a form field to edit its properties."),
        "Multiple form fields are selected. Select a single form field to edit its properties.": _(
            "Multiple form fields are selected. Select a single form field to edit its properties."
        ),
        # properties panel: fields and hints
        "ID": _("Identifier (form-js)"),
        "Version tag": _("Version tag"),
        "Field label": _("Field label"),
        "Field description": _("Field description"),
        "Group label": _("Group label"),
        "Key": _("Key (form field)"),
        "Binds to a form variable": _("Binds to a form variable"),
        "Path": _("Path (form field)"),
        "Where the child variables of this component are pathed to.": _(
            "Where the child variables of this component are pathed to."
        ),
        "Default value": _("Default value"),
        "Disabled": _("Disabled (form field)"),
        "Read only": _("Read only (form field)"),
        "Make this field read-only when it cannot be edited by the end-user, but its content is important for them "
        "to see. Its data will still be submitted.": _(
            "Make this field read-only when the applicant cannot change it but should see it; its value is still "
            "submitted."
        ),
        "Disable this field when it should not be interactive for end-users. Its data will not be submitted. This "
        "setting takes precedence over read-only.": _(
            "Disable this field when the applicant should not use it; its value is not submitted. This setting "
            "takes precedence over read-only."
        ),
        "Show outline": _("Show outline"),
        "Text": _("Text (form field)"),
        "Supports markdown and templating.": _("Supports Markdown and templates."),
        "Height": _("Height (form field)"),
        "Required": _("Required (form field)"),
        "Minimum length": _("Minimum length"),
        "Maximum length": _("Maximum length"),
        "Minimum": _("Minimum (form field)"),
        "Maximum": _("Maximum (form field)"),
        "Validation pattern": _("Validation pattern"),
        "Custom regular expression": _("Custom regular expression"),
        "Custom error message": _("Custom error message"),
        "The error message to display when the input does not match the regular expression.": _(
            "The error message shown when the input does not match the regular expression."
        ),
        "Custom": _("Custom (validation pattern)"),
        "Email": _("Email (validation pattern)"),
        "Phone": _("Phone (validation pattern)"),
        "Prefix": _("Prefix (form field)"),
        "Suffix": _("Suffix (form field)"),
        "Columns": _("Columns (form layout)"),
        "Auto": _("Auto (form layout)"),
        "Output as string": _("Output as text"),
        "Allows arbitrary precision values": _("Allows values of any precision"),
        "Decimal digits": _("Decimal digits"),
        "Increment": _("Increment (number field)"),
        "Subtype": _("Subtype (date field)"),
        "Date": _("Date (date field subtype)"),
        "Time": _("Time (date field subtype)"),
        "Date & Time": _("Date and time (date field subtype)"),
        "Date label": _("Date label"),
        "Time label": _("Time label"),
        "Use 24h": _("24-hour clock"),
        "Time format": _("Time format"),
        "Time interval": _("Time interval"),
        "Disallow past dates": _("Disallow past dates"),
        "Static": _("Static (options source)"),
        "Input data": _("Input data (options source)"),
        "Expression": _("Expression (options source)"),
        "Dynamic options": _("Dynamic options"),
        "Input values key": _("Input values key"),
        "Options expression": _("Options expression"),
        "Label": _("Label (option)"),
        "Value": _("Value (option)"),
        "Searchable": _("Searchable (drop-down list)"),
        "Checked": _("Checked (default value)"),
        "Not checked": _("Not checked (default value)"),
        "Hide if": _("Hide if"),
        "Condition under which the field is hidden": _("Condition under which the field is hidden"),
        "Add properties directly to the form schema, useful to configure functionality in custom-built task "
        "applications and form renderers.": _(
            "Properties added to the form schema as they are; this platform reads “check” and “prefill”."
        ),
        "Learn more": _("Learn more (form-js documentation)"),
        "Vertical alignment": _("Vertical alignment"),
        "Top": _("Top (alignment)"),
        "Center": _("Center (alignment)"),
        "Bottom": _("Bottom (alignment)"),
        "Type": _("Type (form field)"),
        "<none>": _("(none)"),
        "<empty>": _("(empty)"),
        # @bpmn-io/properties-panel's own titles
        "Create": _("Add (list item)"),
        "Create new list item": _("Add an item"),
        "Delete item": _("Delete the item"),
        "Toggle list item": _("Show or hide the item"),
        "Toggle section": _("Show or hide the section"),
        "Section contains edits": _("The section has changes"),
        "Section contains an error": _("The section has an error"),
        "Open pop-up editor": _("Edit in a pop-up window"),
        "Opened in editor": _("Opened in the pop-up editor"),
        "Open documentation": _("Open the documentation"),
        "FEEL expression is mandatory": _("A FEEL expression is required here"),
        "Click to set a dynamic value with FEEL expression": _("Set a dynamic value with a FEEL expression"),
        "Click to remove dynamic value with FEEL expression": _("Remove the FEEL expression"),
        "Unparsable FEEL expression.": _("The FEEL expression cannot be read."),
        # the canvas's empty states
        "Build your form": _("Build your form"),
        "Drag and drop components here to start designing.": _("Drag components here from the left to begin."),
        "Use the preview window to test your form.": _("Try the form in the preview below."),
        "Drag and drop components here.": _("Drag components here."),
        # templates: {name} a component's name, {n} a number
        "Create a {name} element": _("Add a %(name)s") % {"name": "{name}"},
        "Remove {name}": _("Remove %(name)s") % {"name": "{name}"},
        "List contains {n} items": _("%(n)s items in the list") % {"n": "{n}"},
    }
