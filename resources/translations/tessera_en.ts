<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AppOptions</name>
    <message>
        <source>Tessera, the employee companion app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address of the Tessera server (default: $TESSERA_SERVER, else %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow an http:// server address, on a loopback address only (QA against a local reference server).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour theme: light, dark or system.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initial window size, e.g. 390x844.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a PNG of the window once it is shown and the server status is known (at most ~5 s), then exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load every QML page, report QML warnings and errors, exit non-zero if there were any.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected argument: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--theme takes light, dark or system, not &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--size takes WIDTHxHEIGHT in pixels, not &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--screenshot needs a file name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--self-test and --screenshot cannot be used together</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder of this installation&apos;s data (settings, encrypted database; default: the standard application data folder). Each folder is its own installation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QA: sign in as KIND:USER (KIND is ad or local) when no saved sign-in is found; the password comes from $TESSERA_PASSWORD.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--data needs a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--sign-in takes ad:USER or local:ID, not &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--sign-in needs the password in $TESSERA_PASSWORD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--page takes inbox, pass, scanner, profile or sign-out, not &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QA: once signed in, open this page first: inbox, inbox-detail (the first item&apos;s page), pass, scanner, profile or sign-out (the profile asking &quot;Sign out?&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QA: with --page scanner, check this image or video file of a pass once passes can be checked, as if opened with &quot;Open image or video…&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QA: with --scan, the check process to apply (default: the one chosen last).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QA: with --scan, dismiss the verdict as soon as it is shown, as a tap would (the recent scans come into view; a screenshot waits for them).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--scan needs --page scanner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--scan: no such file: &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--scan-process needs a process name and --scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--scan-dismiss needs --scan</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CommentDialog</name>
    <message>
        <source>A comment is needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: “%2”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why? (required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comment (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Destinations</name>
    <message>
        <source>Inbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n unread</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Pass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DetailRow</name>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InboxDelegate</name>
    <message>
        <source>unread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InboxDetailPage</name>
    <message>
        <source>Notification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>‹ Inbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the inbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answer by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The full history cannot be shown now: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InboxFormat</name>
    <message>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decided</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By %1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InboxPage</name>
    <message>
        <source>Inbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No notifications yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests and updates from company systems will appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Offline — %n decision(s) will be sent when you&apos;re back</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Offline — showing what this device has</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unread (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unread</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n selected</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Approve %n selected item(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updating the inbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Release to refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pull to refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the inbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading your inbox…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The inbox could not be loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing needs your decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You have read everything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing in this category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Tessera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening Tessera</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PassPage</name>
    <message>
        <source>Pass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your pass will appear here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show it at the office entrance and at medical checks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Office entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Medical check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cleared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check required</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Your pass code. It changes in %n second(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>New code in %n s</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Employee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Non-employee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this code at the entrance or the medical check. It works without a network; a screenshot of it stops working within a minute.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Getting your pass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Getting your pass…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your pass has expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your pass cannot be shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PasswordChangePage</name>
    <message>
        <source>The two passwords do not match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a new password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You signed in as %1 with a temporary password. Choose your own password to finish signing in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You signed in with a temporary password. Choose your own password to finish signing in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At least 12 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At least 12 characters, not a common password and not your ID. A few unrelated words make a good one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm new password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same password again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setting password…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set password and sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the new password twice first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to sign in</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PasswordField</name>
    <message>
        <source>Hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show password</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProfilePage</name>
    <message>
        <source>Employee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Non-employee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pass scanner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publisher</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Employee ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Department</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Platform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing out…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asks first; removes the local data on this device</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>The app was started without a server.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScannerPage</name>
    <message>
        <source>Scanner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting to upload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an image or video of a pass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images and videos (*.png *.jpg *.jpeg *.bmp *.webp *.mp4 *.mkv *.webm *.mov *.avi)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No check processes yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check process: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing the pass keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready to check passes. Pass keys from %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Viewfinder showing %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Camera viewfinder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Viewfinder, no camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No camera on this device. Open an image or video of a pass.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Torch on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Torch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turn the torch off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turn the torch on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open image or video…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop playing %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent scans</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n waiting to upload</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Passes you scan are listed here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerStatusLine</name>
    <message>
        <source>Checking the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server has not been checked yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server status: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server address: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry connecting to the server</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShellPage</name>
    <message>
        <source>Navigation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tessera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tessera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Employees: your usual Windows network user name and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security, medical staff and contractors: the ID you were given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. jdoe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your local ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your user name or ID and password first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry opening the saved sign-in</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignOutDialog</name>
    <message>
        <source>Sign out?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local data on this device is removed. You can sign in again at any time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel, stay signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out and remove local data</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VerdictOverlay</name>
    <message>
        <source>Allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · Non-employee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · Employee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss the verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tap to go on</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tessera</name>
    <message>
        <source>at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending approval…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending rejection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending “%1”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved by %1%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected by %1%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” by %2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Withdrawn by the sender</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tessera::AuthorizedApi</name>
    <message>
        <source>You are not signed in.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tessera::DecisionOutbox</name>
    <message>
        <source>Sign in first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such item in the inbox on this device.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A decision on this item is already on its way (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This item is closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This notification asks for no decision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not one of this request&apos;s actions (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” needs a comment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The decision could not be saved on this device.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not accepted: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tessera::InboxHistory</name>
    <message>
        <source>The server&apos;s answer could not be read (%1).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tessera::InboxItem</name>
    <message>
        <source>from the command line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>through the sending system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on the web</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in the app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>via %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decided (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Already %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Withdrawn by the sender; nothing was decided.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired before the decision reached the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This request changed since you saw it: look again and decide anew.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tessera::InboxModel</name>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decisions cannot be sent from here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 item asks for a comment: approve it on its own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 items ask for a comment: approve them one by one.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tessera::PassHolder</name>
    <message>
        <source>The pass cannot be kept on this device: its local data cannot be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This device has no pass key. Sign out and sign in again to get your pass.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keyring refused access to the pass key. Unlock it and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keyring is locked or not available yet, so the pass cannot be shown. Unlock it and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s pass could not be used: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This device&apos;s pass key is not registered. Sign out and sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pass cannot be shown on this device: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tessera::ScanUploader</name>
    <message>
        <source>Uploaded scan records could not be removed here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tessera::ScannerController</name>
    <message>
        <source>No QR code was found in the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pass keys have not been fetched yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Getting the pass keys and check processes…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready to check passes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pass keys on this device are too old to check passes. Sync to go on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pass keys could not be fetched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pass keys could not be fetched: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an image or video file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passes cannot be checked yet: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The viewfinder is not ready.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tessera::ScannerSync</name>
    <message>
        <source>This scanner has no trust list yet. Go online and sync first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This scanner&apos;s trust list is from %1, older than %2 days. Go online and sync before scanning.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account may not scan passes: it has no scanner role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s trust list was not understood: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s check processes were not understood: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s revocation list was not understood.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trust list could not be kept on this device.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tessera::ServerConnection</name>
    <message>
        <source>Connecting to the server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s answer was not understood: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to the Tessera server %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tessera::Session</name>
    <message>
        <source>Choose a network account or a local ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your user name, your current password and a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s answer was not understood: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tessera&apos;s data on this device cannot be read. Sign out to start again; nothing was deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are not signed in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed out on this device, but the server could not be told: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No connection to the server. Check the network and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is not the one configured: its key does not match the pin. Nothing was sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many attempts. Try again in 1 minute.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many attempts. Try again in %1 minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many attempts. Try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The company directory cannot be reached right now. Try again later; nothing is wrong with your password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a new password to finish signing in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account is disabled. Ask an administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The temporary password has expired. Ask an administrator for a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a stronger password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network account passwords are changed in the company directory, not here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This version of Tessera is too old for the server. Update the app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your session has ended. Sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your account may not do this.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tessera::StreamClient</name>
    <message>
        <source>The server&apos;s key does not match the pinned key: the live stream was not opened.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tessera::TokenKeeper</name>
    <message>
        <source>Sign in first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tessera::pass</name>
    <message>
        <source>Allowed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This code is too long to be a Tessera pass.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a Tessera pass code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This code is damaged or not a Tessera pass.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This pass has a newer format: update the scanner app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This pass was issued by an unknown key: sync the scanner or refuse.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This pass has been altered or forged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This pass was signed by a key that was not valid at that time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This pass is not valid yet: check the phone&apos;s clock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This pass has expired: the holder should open the app online to renew it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This pass has been revoked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This code was not made by the phone the pass belongs to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This code is old (a screenshot?) or the phone&apos;s clock is wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pass says nothing about this check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pass&apos;s status for this check has run out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pass&apos;s status for this check is not one this check knows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not allowed for this check.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
