// The pages' one script and one stylesheet, compiled in and served from /assets/: the pages'
// Content-Security-Policy allows scripts and styles from the page's own origin only. No
// framework: the script polls the order's status as JSON each second and reloads the page when
// the order changed (a payment seen or confirmed, a new status), and copies the address.
enum PageAssets {
    static let checkoutScript = """
        // pay sandbox: keeps a payment page current without a reload of the reader's doing.
        (function () {
          "use strict";
          var body = document.body;
          var copy = document.getElementById("copy");
          if (copy) {
            copy.addEventListener("click", function () {
              var text = copy.getAttribute("data-copy");
              var done = function () { copy.textContent = "Copied"; };
              var select = function () {
                var range = document.createRange();
                range.selectNodeContents(document.getElementById("address"));
                var selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                done();
              };
              if (navigator.clipboard && window.isSecureContext) {
                navigator.clipboard.writeText(text).then(done, select);
              } else {
                select();
              }
            });
          }
          var url = body.getAttribute("data-status-url");
          var version = body.getAttribute("data-version");
          if (!url) { return; }
          // A form on its way out (a payment, an advance) brings a fresh page: no reload under it.
          var leaving = false;
          document.addEventListener("submit", function () { leaving = true; });
          var set = function (id, text) {
            var element = document.getElementById(id);
            if (element && element.textContent !== text) { element.textContent = text; }
          };
          var poll = function () {
            fetch(url, { headers: { "Accept": "application/json" }, cache: "no-store" })
              .then(function (response) { return response.ok ? response.json() : null; })
              .then(function (state) {
                if (!state || leaving) { return; }
                if (state.version !== version) { window.location.reload(); return; }
                set("time-left", state.timeLeft);
                set("now", state.now);
              })
              .catch(function () {})
              .then(function () { if (!leaving) { window.setTimeout(poll, 1000); } });
          };
          window.setTimeout(poll, 1000);
        })();
        """

    static let stylesheet = """
        body { font: 16px/1.45 system-ui, sans-serif; margin: 0; color: #1d1d1f; background: #f6f6f8; }
        main { max-width: 46rem; margin: 0 auto; padding: 1rem 1.25rem 2rem; background: #fff; }
        .banner { margin: 0; padding: .5rem 1rem; background: #fff3c4; border-bottom: 1px solid #e6cf6b; text-align: center; font-weight: 600; }
        h1 { font-size: 1.6rem; margin: .5rem 0 1rem; }
        h2 { font-size: 1.2rem; margin-top: 1.5rem; }
        dl.figures { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
        dt { color: #555; }
        dd { margin: 0; font-weight: 600; }
        .status-completed { color: #17703a; }
        .status-expired, .status-failed, .status-canceled { color: #a3271d; }
        .address code { font-size: 1.05rem; word-break: break-all; background: #f0f0f3; padding: .15rem .35rem; }
        .payer { border: 1px dashed #b9b9c3; padding: .25rem 1rem 1rem; margin: 1rem 0; }
        form { margin: .5rem 0; }
        form.amount { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
        input { font: inherit; padding: .3rem .5rem; }
        button { font: inherit; padding: .35rem .8rem; cursor: pointer; }
        .message { background: #fde5e2; border: 1px solid #e2a39b; padding: .5rem .75rem; }
        .closed { font-weight: 600; }
        table { border-collapse: collapse; width: 100%; font-size: .9rem; }
        th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #e4e4ea; vertical-align: top; }
        td code { font-size: .8rem; word-break: break-all; }
        body.widget { background: #fff; }
        body.widget main { max-width: none; padding: .5rem 1rem; }
        body.widget h1 { font-size: 1.3rem; }
        body.dashboard main { max-width: 72rem; }
        body.dashboard header { max-width: 72rem; margin: 0 auto; display: flex; justify-content: space-between; align-items: center; padding: 0 1.25rem; }
        nav { max-width: 72rem; margin: 0 auto; padding: .25rem 1.25rem; }
        nav a { margin-right: .5rem; }
        nav a[aria-current] { font-weight: 700; }
        form.buttons button { margin-right: .25rem; }
        """
}
