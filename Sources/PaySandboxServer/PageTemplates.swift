// The pages' HTML, as Mustache templates (swift-mustache), compiled into the binary so `pay
// sandbox` needs no file beside it. `{{name}}` escapes HTML, and no template uses the unescaped
// forms, so whatever a client put in an order (its externalId) shows as text. Scripts and styles
// are files of their own (PageAssets.swift), as the pages' Content-Security-Policy allows only
// those: no inline script or style.
import Mustache

enum PageTemplates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in [("head", head), ("checkout", checkout), ("notFound", notFound), ("login", login), ("dashboard", dashboard)] {
            // The templates are this file's constants: one that does not parse is a bug that every
            // page test shows at once.
            try! library.register(text, named: name)
        }
        return library
    }()

    static let head = """
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <link rel="stylesheet" href="/assets/pages.css">
        """

    /// An order's payment page; `widget` is the compact variant for an iframe.
    static let checkout = """
        <!doctype html>
        <html lang="en">
        <head>
        {{> head}}
        <title>Pay {{requested}} · pay sandbox</title>
        <script src="/assets/checkout.js" defer></script>
        </head>
        <body class="checkout{{#widget}} widget{{/widget}}" data-status-url="{{statusURL}}" data-version="{{version}}">
        <p class="banner" id="sandbox-banner">Sandbox: a simulated payment page. No real money moves.</p>
        <main>
        <h1>Pay <span id="requested">{{requested}}</span></h1>
        {{#externalId}}<p class="reference">Reference: <span id="external-id">{{externalId}}</span></p>{{/externalId}}
        <dl class="figures">
        <dt>Status</dt><dd id="status" class="status-{{status}}">{{statusText}}</dd>
        <dt>Received</dt><dd id="received">{{received}}</dd>
        <dt>Still to pay</dt><dd id="missing">{{missing}}</dd>
        <dt>Expires</dt><dd><span id="expires">{{expiresAt}}</span> (<span id="time-left">{{timeLeft}}</span> left)</dd>
        <dt>Sandbox clock</dt><dd id="now">{{now}}{{#realtime}} (follows real time){{/realtime}}</dd>
        </dl>
        {{#open}}
        <p>Send {{assetId}} to this address:</p>
        <p class="address"><code id="address">{{paymentAddress}}</code> <button type="button" id="copy" data-copy="{{paymentAddress}}">Copy</button></p>
        <section class="payer">
        <h2>Simulated payer</h2>
        {{#message}}<p class="message" id="message" role="alert">{{message}}</p>{{/message}}
        <form method="post" action="{{payURL}}">
        <input type="hidden" name="full" value="1">
        <button type="submit" id="pay-full">Pay in full ({{missing}})</button>
        </form>
        <form method="post" action="{{payURL}}" class="amount">
        <label for="amount">Amount</label>
        <input id="amount" name="amount" inputmode="decimal" autocomplete="off" value="{{amountValue}}" placeholder="{{placeholder}}">
        <span>{{currency}}</span>
        <button type="submit" id="pay-amount">Pay this amount</button>
        </form>
        </section>
        {{/open}}
        {{^open}}
        <p class="closed" id="closed">This order is {{statusText}}: it takes no payment.</p>
        {{#message}}<p class="message" id="message" role="alert">{{message}}</p>{{/message}}
        {{/open}}
        {{#canAdvance}}
        <form method="post" action="{{advanceURL}}" class="advance">
        <button type="submit" id="advance">Advance the sandbox clock to the next event ({{nextEventAt}})</button>
        </form>
        {{/canAdvance}}
        {{#hasTransactions}}
        <h2>Payments</h2>
        <table id="payments">
        <thead><tr><th>Amount</th><th>Status</th><th>Seen</th><th>Hash</th></tr></thead>
        <tbody>
        {{#transactions}}<tr><td>{{amount}}</td><td>{{status}}</td><td>{{createdAt}}</td><td><code>{{hash}}</code></td></tr>
        {{/transactions}}
        </tbody>
        </table>
        {{/hasTransactions}}
        </main>
        </body>
        </html>
        """

    static let notFound = """
        <!doctype html>
        <html lang="en">
        <head>
        {{> head}}
        <title>Not found · pay sandbox</title>
        </head>
        <body class="checkout{{#widget}} widget{{/widget}}">
        <p class="banner">Sandbox: a simulated payment page. No real money moves.</p>
        <main>
        <h1>Not found</h1>
        <p id="not-found">{{message}}</p>
        </main>
        </body>
        </html>
        """

    static let login = """
        <!doctype html>
        <html lang="en">
        <head>
        {{> head}}
        <title>Dashboard · pay sandbox</title>
        </head>
        <body class="dashboard">
        <p class="banner">pay sandbox: a simulated gateway.</p>
        <main>
        <h1>Dashboard</h1>
        {{#message}}<p class="message" id="message" role="alert">{{message}}</p>{{/message}}
        <form method="post" action="/dashboard/login" class="login">
        <label for="key">API key</label>
        <input id="key" name="key" type="password" autocomplete="current-password" required>
        <button type="submit" id="login">Open</button>
        </form>
        <p>The sandbox's key shows every world; a world's key shows that world.</p>
        </main>
        </body>
        </html>
        """

    static let dashboard = """
        <!doctype html>
        <html lang="en">
        <head>
        {{> head}}
        <title>{{world}} · dashboard · pay sandbox</title>
        </head>
        <body class="dashboard">
        <p class="banner">pay sandbox: a simulated gateway.</p>
        <header>
        <h1>Dashboard</h1>
        <form method="post" action="/dashboard/logout"><button type="submit" id="logout">Log out</button></form>
        </header>
        <nav id="worlds">Worlds:
        {{#worlds}}<a href="/dashboard?world={{id}}"{{#current}} aria-current="page"{{/current}}>{{id}}</a> {{/worlds}}
        </nav>
        <main>
        <h2 id="world">World {{world}}</h2>
        {{#message}}<p class="message" id="message" role="alert">{{message}}</p>{{/message}}
        <section id="clock">
        <h3>Clock</h3>
        <p>Now <strong id="now">{{now}}</strong>{{#realtime}} (follows real time){{/realtime}}{{#nextEventAt}}; next event at <span id="next-event">{{nextEventAt}}</span>{{/nextEventAt}}{{^nextEventAt}}; nothing pending{{/nextEventAt}}.</p>
        {{^realtime}}
        <form method="post" action="/dashboard/advance" class="buttons">
        <input type="hidden" name="world" value="{{world}}">
        <button type="submit" name="by" value="60">+1 minute</button>
        <button type="submit" name="by" value="600">+10 minutes</button>
        <button type="submit" name="by" value="3600">+1 hour</button>
        {{#nextEventAt}}<button type="submit" name="by" value="next" id="advance-next">To the next event</button>{{/nextEventAt}}
        </form>
        {{/realtime}}
        </section>
        <section id="orders">
        <h3>Orders ({{orderCount}})</h3>
        <table>
        <thead><tr><th>Order</th><th>Kind</th><th>Status</th><th>Amount</th><th>Received</th><th>Reference</th><th>Created</th></tr></thead>
        <tbody>
        {{#orders}}<tr><td>{{#link}}<a href="{{link}}"><code>{{id}}</code></a>{{/link}}{{^link}}<code>{{id}}</code>{{/link}}</td><td>{{kind}}</td><td>{{status}}</td><td>{{amount}}</td><td>{{received}}</td><td>{{externalId}}</td><td>{{createdAt}}</td></tr>
        {{/orders}}
        </tbody>
        </table>
        {{#more}}<p>The newest {{shown}} of {{orderCount}} are shown.</p>{{/more}}
        </section>
        <section id="balances">
        <h3>Balances</h3>
        <table>
        <thead><tr><th>Integration</th><th>Asset</th><th>Available</th></tr></thead>
        <tbody>
        {{#balances}}<tr><td><code>{{integrationId}}</code></td><td>{{assetId}}</td><td>{{available}}</td></tr>
        {{/balances}}
        </tbody>
        </table>
        </section>
        <section id="requests">
        <h3>Last requests</h3>
        <table>
        <thead><tr><th>Time</th><th>Method</th><th>Path</th><th>Status</th></tr></thead>
        <tbody>
        {{#recent}}<tr><td>{{at}}</td><td>{{method}}</td><td><code>{{path}}</code></td><td>{{status}}</td></tr>
        {{/recent}}
        </tbody>
        </table>
        </section>
        </main>
        </body>
        </html>
        """
}
