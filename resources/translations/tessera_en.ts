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
</context>
<context>
    <name>Main</name>
    <message>
        <source>Tessera</source>
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
    <name>QObject</name>
    <message>
        <source>The app was started without a server.</source>
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
    <name>SignInPage</name>
    <message>
        <source>Signing in isn&apos;t available in this version yet.</source>
        <translation type="unfinished"></translation>
    </message>
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
</TS>
