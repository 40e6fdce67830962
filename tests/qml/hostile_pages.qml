import QtQuick
import Tessera
import TesseraTest

// Hostile outside text (tst_qml_hostile; hostile_inbox_pass.qml, tst_qml_hostile_inbox_pass, has the
// inbox, pass, scanner and profile pages): every page and component of the Tessera module
// with markup, <img> and <a> tags, bidi overrides (U+202E), 10,000-character words and 100 KB
// strings in every field that comes from the server, a sub-system or another person: inbox items
// (title, body, category, action labels, who decided, data fields and their names, history and
// its comments), the profile (name, e-mail, department, ...), the pass (initials, statuses), the
// scanner (process titles, verdict reasons and actions, initials, recent scans), and each
// component's text properties. Each test fails on a crash, on any warning, on any network request
// from QML (the engine's refusing network access manager counts them), and on any Text that shows
// such a string other than as plain text, with a bidi override, or drawn wider than itself or the
// window (HostileProbe.textProblems). A page or component not covered here fails
// test_everyFileIsCovered.
HostileRoot {
    id: root

    HostileCase {
        id: test

        name: "HostilePages"

        // How each page and component of the module meets the hostile strings.
        readonly property var coverage: ({
                "home/HomePage.qml": "hostile_inbox_pass.qml (test_homePage)",
                "selfservice/ServicesPage.qml": "hostile_selfservice.qml (test_servicesPage)",
                "selfservice/ServiceFormPage.qml": "hostile_selfservice.qml (test_serviceFormPage)",
                "selfservice/RequestsPage.qml": "hostile_selfservice.qml (test_requestsPage)",
                "news/NewsPage.qml": "hostile_news.qml (test_newsFeed)",
                "news/NewsPostPage.qml": "hostile_news.qml (test_newsPostPage)",
                "surveys/SurveysPage.qml": "hostile_surveys.qml (test_surveysList)",
                "surveys/SurveyPage.qml": "hostile_surveys.qml (test_surveyPage)",
                "surveys/OpenSurveysSection.qml": "hostile_surveys.qml (test_surveysList)",
                "attest/AttestPage.qml": "hostile_attest.qml (test_attestPage)",
                "health/HealthPage.qml": "hostile_health.qml (test_healthPage)",
                "health/HealthRecordDelegate.qml": "hostile_health.qml (test_healthPage)",
                "health/CertificateDialog.qml": "hostile_health.qml (test_healthPage: the record's title)",
                "health/AddDoseDialog.qml": "own texts only (the vaccine list is the app's own)",
                // Own texts only: no text from the server or another person.
                "analytics/AnalyticsConsentPanel.qml": "own texts only (no outside text)",
                "analytics/AnalyticsConsentSwitch.qml": "own texts only (no outside text)",
                // The privacy pages with hostile rows that came through the real server
                // (devices signed in with hostile facts, requests and the officer's answers,
                // the export's message): tst_app_e2e_privacy_hostile (HostileProbe::textProblems
                // on the app's window); their components also meet every string here.
                "privacy/MyDataPage.qml": "tst_app_e2e_privacy_hostile (myDataShowsHostileRequestsAsPlainText)",
                "privacy/MyDevicesPage.qml": "tst_app_e2e_privacy_hostile (myDevicesShowsHostileDevicesAsPlainText)",
                "privacy/DeviceDelegate.qml": "tst_app_e2e_privacy_hostile (every device row)",
                "privacy/PrivacyRequestDelegate.qml": "tst_app_e2e_privacy_hostile (every request row)",
                "privacy/ConfirmDialog.qml": "tst_app_e2e_privacy_hostile (the sign-out question naming a hostile device)",
                "privacy/DeleteAccountDialog.qml": "own texts only (no outside text)",
                "privacy/RequestDialog.qml": "own texts only (the person's own comment being typed)",
                "privacy/SaveExportDialog.qml": "own texts only (the path being typed)",
                "events/EventsList.qml": "hostile_events.qml (test_eventsList)",
                "events/EventPage.qml": "hostile_events.qml (test_eventPage)",
                "events/EventRsvpButtons.qml": "hostile_events.qml (test_eventPage: own labels only)",
                "inbox/InboxPage.qml": "test_inboxList",
                "inbox/InboxDetailPage.qml": "test_inboxDetail",
                "pass/PassPage.qml": "test_passPage",
                "scanner/ScannerPage.qml": "test_scannerPage",
                // The plugin Tessera.Scanner's (listed here once ScannerPage has loaded it).
                "Scanner/ScannerView.qml": "test_scannerPage (ScannerPage is a ScannerView)",
                "identity/ProfilePage.qml": "test_profilePage",
                "shell/ShellPage.qml": "test_shellPage",
                "shell/Destinations.qml": "test_shellPage (the shell's destinations, no text of their own from outside)",
                "identity/SignInPage.qml": "test_signInPages",
                "identity/PasswordChangePage.qml": "test_signInPages",
                "inbox/InboxDelegate.qml": "test_inboxList (needs the Inbox model's rows)",
                "inbox/InboxFormat.qml": "test_inboxList, test_inboxDetail (a singleton)",
                "cards/CardActionArea.qml": "hostile_cards.qml (tst_qml_hostile_cards)",
                "cards/CardActionBar.qml": "hostile_cards.qml (tst_qml_hostile_cards)",
                "cards/CardActionButton.qml": "hostile_cards.qml (tst_qml_hostile_cards)",
                "cards/CardActionSet.qml": "hostile_cards.qml (tst_qml_hostile_cards)",
                "cards/CardBody.qml": "hostile_cards.qml (tst_qml_hostile_cards)",
                "cards/CardColumnSet.qml": "hostile_cards.qml (tst_qml_hostile_cards)",
                "cards/CardContainer.qml": "hostile_cards.qml (tst_qml_hostile_cards)",
                "cards/CardContext.qml": "hostile_cards.qml (tst_qml_hostile_cards)",
                "cards/CardElementView.qml": "hostile_cards.qml (tst_qml_hostile_cards)",
                "cards/CardFactSet.qml": "hostile_cards.qml (tst_qml_hostile_cards)",
                "cards/CardImage.qml": "hostile_cards.qml (tst_qml_hostile_cards)",
                "cards/CardImageSet.qml": "hostile_cards.qml (tst_qml_hostile_cards)",
                "cards/CardPreview.qml": "hostile_cards.qml (tst_qml_hostile_cards)",
                "cards/CardRichText.qml": "hostile_cards.qml (tst_qml_hostile_cards)",
                "cards/CardRichTextBlock.qml": "hostile_cards.qml (tst_qml_hostile_cards)",
                "cards/CardSecretValue.qml": "hostile_cards.qml (tst_qml_hostile_cards)",
                "cards/CardTable.qml": "hostile_cards.qml (tst_qml_hostile_cards)",
                "cards/CardTextBlock.qml": "hostile_cards.qml (tst_qml_hostile_cards)",
                "cards/CardUrlDialog.qml": "hostile_cards.qml (tst_qml_hostile_cards)",
                "cards/CardView.qml": "hostile_cards.qml (tst_qml_hostile_cards)",
                "controls/Outside.qml": "every test (a singleton)",
                "controls/Theme.qml": "every test (a singleton: colours and sizes, no text)",
                "controls/ShownErrors.qml": "no text (a singleton: error kinds reported, never shown)",
                "shell/TrayIcon.qml": "no outside text (its tooltip and menu are our own words)",
                "controls/ThemePalette.qml": "every test (Theme's colours, no text)",
                // The card's inputs: hostile_cardinputs.qml (tst_qml_hostile_cardinputs).
                "cards/inputs/CardChoiceLabel.qml": "hostile_cardinputs.qml",
                "cards/inputs/CardChoiceList.qml": "hostile_cardinputs.qml",
                "cards/inputs/CardDatePopup.qml": "hostile_cardinputs.qml",
                "cards/inputs/CardInputChoiceSet.qml": "hostile_cardinputs.qml",
                "cards/inputs/CardInputDate.qml": "hostile_cardinputs.qml",
                "cards/inputs/CardInputNumber.qml": "hostile_cardinputs.qml",
                "cards/inputs/CardInputShell.qml": "hostile_cardinputs.qml",
                "cards/inputs/CardInputText.qml": "hostile_cardinputs.qml",
                "cards/inputs/CardInputTime.qml": "hostile_cardinputs.qml",
                "cards/inputs/CardInputToggle.qml": "hostile_cardinputs.qml",
                "cards/inputs/CardPlaceholder.qml": "hostile_cardinputs.qml",
                "cards/inputs/CardTimePopup.qml": "hostile_cardinputs.qml"
            })
        // Components made by test_components with every text property hostile.
        readonly property var generic: ["Banner", "CommentDialog", "CountdownRing", "DetailRow",
            "EmptyState", "FilterChip", "NavButton", "NavIcon", "OutsideButton", "OutsideText",
            "PasswordField", "PrimaryButton", "SegmentedControl", "ServerStatusLine",
            "SignOutDialog", "StateChip", "TesseraMark", "Toast", "VerdictOverlay"]

        function test_everyFileIsCovered() {
            const files = HostileProbe.moduleFiles()
            verify(files.length > 20, "the module's files are listed: " + files)
            for (let i = 0; i < files.length; ++i) {
                const name = files[i].replace(/^.*\//, "").replace(/\.qml$/, "")
                verify(coverage[files[i]] !== undefined || generic.indexOf(name) >= 0,
                       files[i] + " meets no hostile text here: add it to hostile_pages.qml")
            }
        }

        // The engine's network access refuses and counts every request (what the checks here
        // rely on to see one): an Image and a rich-text <img> naming an http URL get nothing.
        function test_theEngineFetchesNothing() {
            const before = HostileProbe.networkRequests
            const image = Qt.createQmlObject('import QtQuick; Image { source: "http://127.0.0.1:9/probe.png" }', root)
            tryCompare(image, "status", Image.Error)
            compare(HostileProbe.networkRequests - before, 1)
            const rich = Qt.createQmlObject('import QtQuick; Text { textFormat: Text.RichText; text: "<img src=\\"http://127.0.0.1:9/rich.png\\">" }', root)
            tryVerify(() => HostileProbe.networkRequests - before === 2)
            // The Text says why its image is missing (the refusal's words).
            tryVerify(() => HostileProbe.warnings().some(w => w.indexOf("does not fetch anything") >= 0))
            const logged = HostileProbe.warnings()
            compare(logged.filter(w => w.indexOf("refused a network request from QML to http://127.0.0.1") >= 0).length, 2)
            verify(!logged.some(w => w.indexOf(".png") >= 0), "no path is logged")
            // Gone before the warnings are cleared: the Text may say it again while it lives.
            image.destroy()
            rich.destroy()
            wait(50)
            HostileProbe.clearWarnings()
            requestsBefore = HostileProbe.networkRequests
        }

        // No page or component asks for rich text, or names a URL for QML to fetch.
        function test_noRichTextInTheSources() {
            const files = HostileProbe.moduleFiles()
            for (let i = 0; i < files.length; ++i) {
                const source = HostileProbe.moduleSource(files[i])
                verify(source.length > 0, files[i])
                const found = source.match(/Text\.(RichText|StyledText|MarkdownText|AutoText)|https?:\/\//)
                verify(found === null, files[i] + " has " + (found ? found[0] : ""))
                // A Dialog's title is shown by the style's own Label, as rich text.
                if (/^Dialog \{/m.test(source))
                    verify(!/^    title:/m.test(source), files[i] + " sets a Dialog's title: use a plain header")
            }
        }

        function test_outsideTextIsPlainAndTamed() {
            compare(Outside.text("<b>x</b>"), "<b>x</b>")
            compare(Outside.text("a\u202Eb\u202Cc\u2066d\u2069\u200Fe"), "abcde")
            compare(Outside.text("x".repeat(5000)).length, Outside.lineLimit + 1)
            compare(Outside.text(variant(6), Outside.textLimit).length, Outside.textLimit + 1)
            compare(Outside.inline("\u202Eab"), "\u2068ab\u2069")
            compare(Outside.text(null), "")
            compare(Outside.text(undefined), "")
        }

        function test_components() {
            for (let c = 0; c < generic.length; ++c) {
                const name = generic[c]
                const object = Qt.createQmlObject("import Tessera\n" + name + " {}", root, "hostile-" + name)
                verify(object !== null, name)
                try {
                    showHostile(name, object)
                } finally {
                    if (typeof object.close === "function")
                        object.close()
                    object.destroy()
                    wait(0)
                }
            }
        }

        function showHostile(name, object) {
            const isPopup = typeof object.open === "function"
            if (!isPopup)
                object.width = root.width
            for (let i = 0; i < root.variants.length; ++i) {
                const v = root.variants[i]
                const props = ["text", "title", "label", "value", "actionText", "badgeText", "accessibleName"]
                for (let p = 0; p < props.length; ++p) {
                    // A Dialog's title is the style's rich-text Label, which is made even
                    // when the header is replaced: our dialogs never set it (see
                    // test_noRichTextInTheSources) and show a plain `heading` instead.
                    if (props[p] === "title" && object.heading !== undefined)
                        object.heading = v
                    else if (typeof object[props[p]] === "string")
                        object[props[p]] = v
                }
                if (name === "OutsideText")
                    object.text = Outside.text(v) // how it is to be used: the primitive itself
                if (name === "SegmentedControl")
                    object.labels = [v, v]
                if (name === "CommentDialog") {
                    object.ask(v, v, true)
                } else if (name === "Toast") {
                    object.show(v)
                } else if (name === "VerdictOverlay") {
                    object.result = { verdict: i % 2 === 0 ? "deny" : "action", message: v, action: v,
                                      initials: v, subjectType: "employee", processTitle: v }
                    object.open()
                } else if (isPopup) {
                    object.open()
                }
                if (isPopup)
                    tryCompare(object, "opened", true)
                check(name + " with hostile string " + i)
                if (name === "CommentDialog" || name === "Toast")
                    verify(shows(Outside.text(v, Outside.textLimit))
                           || HostileProbe.shownTexts(root).some(t => t.indexOf(Outside.text(v)) >= 0),
                           name + " shows the string as it is")
            }
        }

        function test_shellPage() {
            verify(InboxFixture.seed([]))
            const window = root.Window.window
            const width = window.width
            window.width = 1000 // wide: the rail with the person's name
            root.width = 1000
            try {
                for (let i = 0; i < root.variants.length; ++i) {
                    const page = createTemporaryObject(shellPageComponent, root, { user: root.hostileUser(i) })
                    verify(page !== null)
                    const rail = findChild(page, "railUserLabel")
                    tryVerify(() => rail.visible)
                    check("the shell with hostile string " + i)
                    if (i === 3)
                        shoot("shell-wide-" + i)
                    page.destroy()
                    wait(0)
                }
            } finally {
                window.width = width
                root.width = 390
            }
        }

        function test_signInPages() {
            for (let i = 0; i < root.variants.length; ++i) {
                const v = root.variant(i)
                const signIn = createTemporaryObject(signInPageComponent, root)
                signIn.message = v
                check("the sign-in page's message " + i)
                signIn.destroy()
                const change = createTemporaryObject(passwordChangePageComponent, root, { username: v })
                change.message = v
                check("the password change page " + i)
                change.destroy()
                wait(0)
            }
        }
    }
}
