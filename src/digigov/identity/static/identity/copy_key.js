// The copy button beside an API key shown once (identity/system_detail.html): copies the key to the clipboard.
// The Clipboard API needs a secure context (https, or localhost); elsewhere the key is selected and copied with the
// older command, and if that fails too the key stays selected with a note to copy it by hand.
(function () {
    "use strict";

    function selectText(element) {
        var range = document.createRange();
        range.selectNodeContents(element);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
    }

    function copyBySelection(element) {
        selectText(element);
        try {
            return document.execCommand("copy");
        } catch (error) {
            return false;
        }
    }

    function say(button, text) {
        var status = button.parentNode.querySelector("[data-copy-status]");
        if (status) {
            status.textContent = text;
        }
    }

    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
        button.addEventListener("click", function () {
            var element = document.getElementById(button.getAttribute("data-copy-target"));
            if (!element) {
                return;
            }
            var text = element.textContent.trim();
            var copied = button.getAttribute("data-copied");
            var failed = button.getAttribute("data-failed");
            if (navigator.clipboard && window.isSecureContext) {
                navigator.clipboard.writeText(text).then(
                    function () { say(button, copied); },
                    function () { say(button, copyBySelection(element) ? copied : failed); }
                );
            } else {
                say(button, copyBySelection(element) ? copied : failed);
            }
        });
    });
})();
