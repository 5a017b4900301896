extension Pages {
    static let stylesheet = """
        body { font-family: system-ui, sans-serif; margin: 0; color: #1d1d1f; }
        header { background: #0a6b36; padding: .8em 1.5em; } header a { color: white; font-weight: 600; text-decoration: none; } header .nav { margin-left: 1.5em; font-weight: normal; }
        header .who { float: right; color: white; margin: 0; }
        header .languages { display: inline; margin-left: 1.5em; } header .languages a { font-weight: normal; margin-right: .6em; }
        header .languages a[aria-current] { text-decoration: underline; }
        main { padding: 1em 1.5em; max-width: 70em; }
        table { border-collapse: collapse; margin: .5em 0 1.5em; } th, td { border: 1px solid #ccc; padding: .3em .6em; text-align: left; }
        .note { background: #fff7d6; padding: .5em; } .problem { background: #fde2e2; padding: .5em; }
        .wide { overflow-x: auto; }
        .drop { border: 2px dashed #767676; padding: .5em 1em; } .drop.over { border-color: #0a6b36; background: #effaf3; }
        fieldset { border: 1px solid #ccc; margin: 1em 0; } fieldset label { display: block; margin: .2em 0; }
        :focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
        header :focus-visible { outline-color: white; }
        """

    /// The desk's one script, served as `/desk.js`: live progress from the run's events (Server-Sent
    /// Events) instead of the page refreshing itself, a page of a check or preview under way
    /// reloaded (`data-reload`, seconds), a row fixed in the page checked without leaving it (its
    /// page's new main part put in place, what its check found announced, the focus on the next
    /// cell to fix), and a file dropped on the upload form sent with its progress shown. Without it
    /// every page still works.
    static let script = """
        "use strict";
        (function () {
          function reloadLater(root) {
            var again = root.querySelector("[data-reload]");
            if (again) { window.setTimeout(function () { window.location.reload(); }, 1000 * Number(again.getAttribute("data-reload"))); }
          }
          reloadLater(document);
          function nextToFix(main, line) {
            var cells = main.querySelectorAll("input[name='cell[]']");
            for (var i = 0; i < cells.length; i++) {
              if (Number(cells[i].getAttribute("form").slice(4)) >= line) { return cells[i]; }
            }
            return main.querySelector("form[action$='/resend'] button, form[action$='/run'] button");
          }
          document.addEventListener("submit", function (event) {
            var fix = event.target;
            if (!window.fetch || !/[/]fixes$/.test(fix.getAttribute("action") || "")) { return; }
            event.preventDefault();
            var line = Number(fix.querySelector("input[name=line]").value);
            fetch(fix.action, { method: "POST", body: new URLSearchParams(new FormData(fix)), credentials: "same-origin" })
              .then(function (response) { return response.text().then(function (text) { return [response.url, text]; }); })
              .then(function (answer) {
                var page = new DOMParser().parseFromString(answer[1], "text/html"), main = page.querySelector("main");
                document.querySelector("main").replaceWith(main);
                document.title = page.title;
                window.history.replaceState(null, "", answer[0]);
                var note = main.querySelector(".fix-note, .problem"), live = document.getElementById("announce");
                if (live) { live.textContent = note ? note.textContent : ""; }
                // After a run the fixed row stays listed (to send again): the focus goes past it.
                var next = nextToFix(main, /[/]run[?]/.test(answer[0]) ? line + 1 : line);
                if (next) { next.focus(); }
                reloadLater(main);
              })
              .catch(function () { fix.submit(); });
          });
          var bar = document.querySelector("progress[data-events]");
          if (bar && window.EventSource) {
            var text = document.getElementById("progress-text");
            var source = new EventSource(bar.getAttribute("data-events"));
            var show = function (event) {
              var progress = JSON.parse(event.data);
              if (progress.total === undefined) { return; }
              bar.max = progress.total;
              bar.value = progress.done;
              if (text) { text.textContent = progress.text; }
            };
            source.onmessage = show;
            source.addEventListener("done", function (event) {
              source.close();
              show(event);
              window.setTimeout(function () { window.location.reload(); }, 700);
            });
          }
          var form = document.querySelector("form[data-upload]");
          if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
          var zone = form.querySelector(".drop"), input = form.querySelector("input[type=file]"), shown = form.querySelector(".upload-progress");
          function send() {
            var request = new XMLHttpRequest();
            request.open("POST", form.action);
            request.upload.onprogress = function (event) {
              if (event.lengthComputable) { shown.max = event.total; shown.value = event.loaded; shown.hidden = false; }
            };
            request.onload = function () {
              if (request.status < 400) { window.location = request.responseURL; return; }
              var page = new DOMParser().parseFromString(request.responseText, "text/html");
              document.body.replaceWith(page.body);
            };
            request.send(new FormData(form));
          }
          ["dragenter", "dragover"].forEach(function (name) {
            zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("over"); });
          });
          ["dragleave", "drop"].forEach(function (name) {
            zone.addEventListener(name, function () { zone.classList.remove("over"); });
          });
          zone.addEventListener("drop", function (event) {
            event.preventDefault();
            if (event.dataTransfer.files.length) { input.files = event.dataTransfer.files; send(); }
          });
          form.addEventListener("submit", function (event) { event.preventDefault(); send(); });
        })();
        """
}
