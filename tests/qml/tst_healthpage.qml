import QtQuick
import QtTest
import Tessera
import TesseraTest

// Health records: the real HealthRecordsModel behind the HealthRecords singleton, given answers
// of GET /v1/health-records by HealthFixture (tst_qml's session is signed out and reaches no
// server): each record's state as a chip, a rejection's reason and an HC1 certificate's decoded
// fields as plain text, a list that is not what the API says refused whole with the error shown;
// "Add a dose" refusing bad input in its dialog with nothing sent; the certificate dialog refusing
// a code that does not decode; the entry from Profile and Escape back; assistive names.
Item {
    id: root

    width: 390
    height: 844

    function record(id, state, extra) {
        const r = { id: id, vaccine: "EU/1/20/1528", vaccineName: "Comirnaty (BioNTech/Pfizer)",
                    dose: 2, date: "2021-06-30", country: "DE", state: state, certificate: null,
                    createdAt: "2021-07-01T09:00:00Z" }
        for (const key in extra)
            r[key] = extra[key]
        return r
    }

    function records() {
        return [
            record("hr_1", "pending", {}),
            record("hr_2", "verified", { dose: 1, date: "2021-05-02", decidedAt: "2021-05-03T10:00:00Z",
                                         certificate: { kind: "hc1", signature: "not_checked",
                                                        fields: { familyName: "Rao", givenName: "Asha",
                                                                  dateOfBirth: "1990-01-31",
                                                                  vaccinations: [ { disease: "840539006", vaccine: "J07BX03",
                                                                                    product: "EU/1/20/1528", manufacturer: "ORG-100030215",
                                                                                    dose: 1, doses: 2, date: "2021-05-02", country: "DE",
                                                                                    issuer: "RKI", certificateId: "URN:UVCI:01DE/X" } ],
                                                                  issuerCountry: "DE", issuedAt: "2021-05-03T00:00:00Z",
                                                                  expiresAt: "2022-05-03T00:00:00Z", keyId: "a2V5", algorithm: -7 } } }),
            record("hr_3", "rejected", { vaccine: "INFLUENZA", vaccineName: "Seasonal influenza", dose: 1,
                                         date: "2023-10-05", country: "IN",
                                         reason: "<b>Wrong</b> date on the photo",
                                         decidedAt: "2023-10-06T10:00:00Z",
                                         certificate: { kind: "image" } })
        ]
    }

    Component {
        id: pageComponent

        HealthPage {
            anchors.fill: parent
        }
    }

    ProfilePage {
        id: profile

        anchors.fill: parent
        visible: false
        user: ({ id: "E1001", kind: "ad", username: "asha.rao", displayName: "Asha Rao",
                 email: "asha.rao@tessera.test", department: "Operations", userType: "employee",
                 geo: "Pune", roles: [] })
    }

    TestCase {
        name: "HealthPage"
        when: windowShown

        function child(parent, name) {
            const found = findChild(parent, name)
            verify(found !== null, "no child named " + name)
            return found
        }

        // The page, its first read (to the unreachable test server) over, then the records given.
        function openWith(list) {
            const page = createTemporaryObject(pageComponent, root)
            tryCompare(HealthRecords, "loading", false)
            verify(HealthFixture.seed(list))
            return page
        }

        function rowOf(page, index) {
            const list = child(page, "healthList")
            tryVerify(() => list.itemAtIndex(index) !== null)
            return list.itemAtIndex(index)
        }

        function cleanup() {
            verify(HealthFixture.seed([]))
        }

        function test_recordsShowStatesReasonsAndCertificates() {
            const page = openWith(root.records())
            compare(HealthRecords.count, 3)
            verify(child(page, "healthList").visible)
            verify(!child(page, "healthEmpty").visible)
            verify(!child(page, "healthError").visible)

            const pending = rowOf(page, 0)
            compare(child(pending, "healthRecordState").text, "Waiting for medical staff")
            compare(child(pending, "healthRecordState").tone, "warn")
            verify(!child(pending, "healthRecordReason").visible)
            compare(child(pending, "healthRecordCertificate").text, "No certificate")
            compare(child(pending, "healthRecordAttach").text, "Attach certificate")
            compare(pending.Accessible.name,
                    "Comirnaty (BioNTech/Pfizer), dose 2 on 2021-06-30: Waiting for medical staff")

            const verified = rowOf(page, 1)
            compare(child(verified, "healthRecordState").text, "Verified")
            compare(child(verified, "healthRecordState").tone, "good")
            compare(child(verified, "healthRecordCertificate").text,
                    "Certificate: EU Digital COVID Certificate, signature not checked")
            verify(child(verified, "healthRecordHc1").visible)
            compare(child(verified, "healthRecordHc1Name").text, "Name: " + Outside.inline("Asha Rao", 300))
            compare(child(verified, "healthRecordAttach").text, "Replace certificate")

            const rejected = rowOf(page, 2)
            compare(child(rejected, "healthRecordState").text, "Rejected")
            compare(child(rejected, "healthRecordState").tone, "bad")
            const reason = child(rejected, "healthRecordReason")
            verify(reason.visible)
            compare(reason.text, "Reason: " + Outside.inline("<b>Wrong</b> date on the photo", 2000))
            compare(reason.textFormat, Text.PlainText)
            compare(child(rejected, "healthRecordDose").text,
                    "Dose 1 · " + Outside.inline("2023-10-05", 10) + " · " + Outside.inline("IN", 2))
            compare(child(rejected, "healthRecordCertificate").text, "Certificate: a photo")
        }

        function test_aListNotOfTheApiIsRefusedWhole() {
            const page = openWith(root.records())
            compare(HealthRecords.count, 3)
            const bad = root.records()
            bad[1].state = "approved"
            verify(!HealthFixture.seed(bad))
            compare(HealthRecords.count, 3, "the list before stays")
            verify(child(page, "healthError").visible)
            compare(HealthRecords.error, "The server's answer was not a list of health records.")
            verify(HealthFixture.seed([]))
            verify(child(page, "healthEmpty").visible)
            verify(!child(page, "healthError").visible)
        }

        function test_addDoseRefusesBadInputInTheDialog() {
            const page = openWith([])
            mouseClick(child(page, "healthAddDose"))
            const dialog = child(page, "addDoseDialog")
            tryCompare(dialog, "opened", true)
            const date = child(dialog, "doseDate")
            verify(/^\d{4}-\d{2}-\d{2}$/.test(date.text), "today to start with: " + date.text)
            compare(child(dialog, "doseVaccine").currentValue, HealthRecords.vaccines[0].code)

            const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10)
            date.text = tomorrow
            child(dialog, "doseCountry").text = "DE"
            mouseClick(child(dialog, "doseAdd"))
            const problem = child(dialog, "doseProblem")
            verify(problem.visible)
            verify(problem.text.indexOf("future") >= 0, problem.text)
            verify(!HealthRecords.sending, "nothing sent")
            verify(dialog.opened)

            date.text = "2021-06-30"
            child(dialog, "doseCountry").text = "XX"
            mouseClick(child(dialog, "doseAdd"))
            verify(problem.text.indexOf("country") >= 0, problem.text)
            verify(!HealthRecords.sending)

            date.text = "30/06/2021"
            child(dialog, "doseCountry").text = "de"
            mouseClick(child(dialog, "doseAdd"))
            verify(problem.text.indexOf("YYYY-MM-DD") >= 0, problem.text)
            compare(problem.Accessible.role, Accessible.AlertMessage)
            keyClick(Qt.Key_Escape)
            tryCompare(dialog, "opened", false)
        }

        function test_certificateDialogRefusesWhatDoesNotDecode() {
            const page = openWith(root.records())
            const row = rowOf(page, 0)
            mouseClick(child(row, "healthRecordAttach"))
            const dialog = child(page, "certificateDialog")
            tryCompare(dialog, "opened", true)
            compare(dialog.recordId, "hr_1")
            // A file that does not exist: refused here.
            child(dialog, "certificatePath").text = "/nonexistent/certificate.pdf"
            mouseClick(child(dialog, "certificateAttach"))
            const problem = child(dialog, "certificateProblem")
            verify(problem.visible)
            verify(problem.text.indexOf("no file") >= 0, problem.text)
            verify(!HealthRecords.sending)

            // HC1 mode: a code that does not decode shows why, no preview, no Attach.
            child(dialog, "certificateMode").select(1)
            child(dialog, "certificateHc1").text = "HC1:6BF+70790T9WJWG.FKY*4GO0.O1CV2"
            verify(!child(dialog, "certificatePreview").visible)
            verify(!child(dialog, "certificateAttach").enabled)
            tryVerify(() => problem.visible && problem.text.indexOf("does not decode") >= 0)
            child(dialog, "certificateHc1").text = "<img src=x> not a code"
            verify(problem.text.indexOf("not an HC1 code") >= 0, problem.text)
            keyClick(Qt.Key_Escape)
            tryCompare(dialog, "opened", false)
        }

        function test_profileEntryOpensThePage() {
            profile.visible = true
            const entry = child(profile, "healthEntry")
            compare(entry.Accessible.name, "Health records")
            mouseClick(entry)
            const stack = child(profile, "profileSubPages")
            tryVerify(() => stack.currentItem !== null && stack.currentItem.objectName === "healthPage")
            keyClick(Qt.Key_Escape)
            tryCompare(stack, "depth", 0)
            verify(profile.openHealth())
            mouseClick(child(stack.currentItem, "healthBack"))
            tryCompare(stack, "depth", 0)
            profile.visible = false
        }
    }
}
