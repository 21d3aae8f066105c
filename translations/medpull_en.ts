<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>DestinationSecrets</name>
    <message>
        <source>another process made a different key for this database first (%1); start again to use it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorCode</name>
    <message>
        <source>%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected without a refresh token (scope %1): the account stays connected only while the patient&apos;s portal session lasts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client credentials of source %1 cannot be decrypted: enter them again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source %1 is disabled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not available: the portal answered %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the portal refused $everything (%1); searched each type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the portal refused the _id search (%1); read one by one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the portal requires the search parameter %1 (%2); searched per value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>referenced resource not available: the portal answered %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is another patient&apos;s record; not stored under this patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is on another server; not fetched with the patient&apos;s token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is outside the portal&apos;s FHIR base; not fetched with the token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the next link %1 repeats a page this query already fetched; paging stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paging stopped after %1 pages, the most one query may fetch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unreadable page: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the portal&apos;s note on this search: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the token names patient %1, the portal&apos;s Patient resource has id %2; stored as returned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient %1 is another patient; not stored under this patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid resource: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the portal refused the refresh token; ask the patient to reconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>succeeded with notes: %1 not available or noted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The response from %1 is larger than %2 MB and was refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The endpoint answered HTTP %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The endpoint did not answer within %1 seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The endpoint cannot be reached: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The endpoint&apos;s signing secret cannot be decrypted: re-enter it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The endpoint&apos;s URL cannot be used: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The event or its endpoint no longer exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disabled after %1 failed attempts to deliver event %2. Last error: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S3 answered HTTP %1 %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S3 answered HTTP %1 without an error code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S3 did not answer within %1 seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S3 cannot be reached: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resource type &apos;%1&apos; cannot name an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compressing %1 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in was not completed within %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in was cancelled by staff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in cannot start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot listen on 127.0.0.1 for the redirect: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in opened at %1, redirect to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The portal answered &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The portal answered &quot;%1&quot;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The redirect does not belong to this sign-in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The redirect carries neither a code nor an error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authorization code received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The portal did not exchange the code: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Granted scope: %1 (patient %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected by an admin; tokens deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stored tokens cannot be used: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The portal refused the refresh token: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New refresh token issued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh token kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not pulled: the account is not active.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid resources skipped: %1; the first is entry %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>SQLite database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQLite databases (*.sqlite *.db);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <source>Still connecting to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your sign-in at %1 was received, but the connection is taking longer than usual. The staff can see whether it worked; you can close this window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to %1. Your records are being retrieved in the background; you can close this window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You did not allow access to your records at %1, so nothing was connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ended the sign-in without giving access, so nothing was connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not complete the sign-in (it said: %2), so nothing was connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This answer from %1 does not belong to the sign-in the staff started (it may come from an older sign-in window), so nothing was connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You signed in, but %1 did not complete the connection, so nothing was connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This sign-in took too long and has expired, so nothing was connected to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in was cancelled at the clinic. Nothing was connected to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in could not be started, so nothing was connected to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To try again, ask the staff to start the connection again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your records can also be retrieved from:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect another source</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message numerus="yes">
        <source>in %n minute(s)</source>
        <translation>
            <numerusform>in %n minute</numerusform>
            <numerusform>in %n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>%n minute ago</numerusform>
            <numerusform>%n minutes ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %n hour(s)</source>
        <translation>
            <numerusform>in %n hour</numerusform>
            <numerusform>in %n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>%n hour ago</numerusform>
            <numerusform>%n hours ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %n day(s)</source>
        <translation>
            <numerusform>in %n day</numerusform>
            <numerusform>in %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for authorization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authorization failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manual</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Callback received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code exchanged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token refreshed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Success</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portal authorization failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrieval error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token refresh failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in a moment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>just now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled by staff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrying at %1 (attempt %2 of %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic retries used up. Inspect the patient&apos;s pull history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrying automatically; Retry delivery sends it now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic retries used up; use Retry delivery.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Monitors background FHIR pulls from patient portals.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the sandbox portals in process and pull from them into a temporary demo database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A SQLite file or a postgresql:// URL to open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>medpull demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo portals could not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run no pulls or deliveries here: show the database and queue commands for the workers (medpull-cli run) that share it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo configuration is broken: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull</name>
    <message>
        <source>The patient did not grant usable access.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The portal returned an error during FHIR calls.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stored refresh token cannot be used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data landed, delivery failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the patient to retry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspect the patient&apos;s pull history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the patient to reconnect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry from the export destination&apos;s page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stays connected only while the patient&apos;s portal session lasts.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::AccountModel</name>
    <message>
        <source>Patient %1 at this portal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not scheduled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 pages, %2 resources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 queries done; now: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last successful pull</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next pull</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (session only)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::AuthEventModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::AuthorizationFlow</name>
    <message>
        <source>the redirect URI %1 is not http://127.0.0.1:PORT/PATH</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::DashboardController</name>
    <message>
        <source>Opening %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database could not be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::DataLoader</name>
    <message>
        <source>The patient no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The resource is no longer stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This portal record (patient %1) is also linked to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The portal&apos;s patient is %1, not %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The portal&apos;s patient is %1 (born %2), not %3.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::DeliveryModel</name>
    <message numerus="yes">
        <source>Pull %1, %n resource(s)</source>
        <translation>
            <numerusform>Pull %1, %n resource</numerusform>
            <numerusform>Pull %1, %n resources</numerusform>
        </translation>
    </message>
    <message>
        <source>Delivered %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destination</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::DemoSeeder</name>
    <message>
        <source>sandbox admin %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding source %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not sign in: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>demo configuration: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the sandbox has no export destination named %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::DestinationDialog</name>
    <message>
        <source>Add export destination</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit export destination</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NDJSON folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FHIR server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Webhook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deliver to this destination</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch (each resource on its own)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transaction (all or nothing)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bearer token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Basic (user name and password)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FHIR base URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bundles:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resources per Bundle:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authentication:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A link to the data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data as NDJSON, inline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing secret:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payload:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link template:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test and save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing the connection before saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored; leave empty to keep it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S3 object storage</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::DestinationPage</name>
    <message numerus="yes">
        <source>%n delivered</source>
        <translation>
            <numerusform>%n delivered</numerusform>
            <numerusform>%n delivered</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pending</source>
        <translation>
            <numerusform>%n pending</numerusform>
            <numerusform>%n pending</numerusform>
        </translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the selected delivery again now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry all failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No destination selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add an export destination, or pick one from the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disabled — receives nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>received everything up to pull %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing received in full yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last delivery %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 delivery failed and waits for a person.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 deliveries failed and wait for a person.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 delivery is being retried automatically.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 deliveries are being retried automatically.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send every failed delivery, and every one waiting for an automatic retry, again now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Once the cause below is fixed, press Retry all failed, or select a delivery and press Retry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry all failed sends them now instead of waiting.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::DestinationTester</name>
    <message>
        <source>Folder %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write in %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder %1 exists and is writable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The FHIR server refused the credentials (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The FHIR server cannot be reached: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FHIR server reachable (FHIR %1) and credentials accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>version not stated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FHIR server reachable and credentials accepted (it answered an empty batch; it has no CapabilityStatement).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The FHIR server did not accept a batch: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Webhook reachable: it accepted a signed ping (HTTP %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The webhook did not accept a signed ping: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bucket did not take a test object: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bucket %1 reachable: it took a test object and deleted it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bucket took a test object but did not delete it: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::DestinationsDeliveryModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waits for Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pull</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivered / due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::DestinationsModel</name>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n retrying</source>
        <translation>
            <numerusform>%n retrying</numerusform>
            <numerusform>%n retrying</numerusform>
        </translation>
    </message>
    <message>
        <source>NDJSON folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FHIR server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Webhook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 failed, %2 retrying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last delivery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S3 object storage</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::DestinationsView</name>
    <message>
        <source>Export destinations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot load the destinations: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Retrying %n delivery(s) now.</source>
        <translation>
            <numerusform>Retrying %n delivery now.</numerusform>
            <numerusform>Retrying %n deliveries now.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to retry: no delivery failed or waits for a retry.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::EngineCore</name>
    <message>
        <source>the database is not open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot protect tokens: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a patient needs a name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a source needs a name and a client id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no patient %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no source %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no account %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the patient has no active account to pull from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the account is %1, not active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no pull %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pull %1 has no failed queries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the patient is already connected to this source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no links on the sign-in page: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>medpull is not running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in could not be started. Please ask the staff to start the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in could not be started (%1). Please ask the staff to start the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name: an export destination needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name: another export destination is already called “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no export destination %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no delivery %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery %1 is not waiting for a retry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another patient already has the external ID %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The endpoint needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The URL cannot be used: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose at least one event type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another event endpoint is called %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret cannot be stored encrypted: the token vault has no key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The endpoint needs a signing secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no event endpoint %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::EventDeliveryModel</name>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrying at %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::EventEndpointsModel</name>
    <message>
        <source>enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disabled: gave up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::EventEndpointsView</name>
    <message>
        <source>Event endpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redeliver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the selected event to this endpoint again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove %1 and its delivery log?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add event endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit event endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored; leave empty to keep it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing secret:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose at least one event type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No event endpoints. Add one to send signed notifications of connections and pulls to another system.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No event was sent to this endpoint yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot load the event endpoints: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enable it to send its pending events.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::InboxModel</name>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source or destination</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient: %1 (id %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source or destination: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Since: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pull: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Delivery: %1 (%n attempt(s))</source>
        <translation>
            <numerusform>Delivery: %1 (%n attempt)</numerusform>
            <numerusform>Delivery: %1 (%n attempts)</numerusform>
        </translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next step: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::InboxView</name>
    <message>
        <source>&amp;Show:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing needs attention.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open pull &amp;history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details copied to the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) need a person.</source>
        <translation>
            <numerusform>%n item needs a person.</numerusform>
            <numerusform>%n items need a person.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retry now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retry delivery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnect started for %1 at %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry of %1&apos;s pull at %2 queued.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery %1 to %2 queued to retry now.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::LaunchLinkServer</name>
    <message>
        <source>Sign-in not started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This link is not known here. To connect a source, ask the staff to start the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link no longer valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This link was already used. Each link starts one sign-in; to start another, ask the staff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This link has expired. To connect a source, ask the staff to start the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in page could not be prepared in time. Please try again, or ask the staff to start the connection.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::LoopbackHttpServer</name>
    <message>
        <source>Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue to sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request too large</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bad request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method not allowed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::MainWindow</name>
    <message numerus="yes">
        <source>%n patient(s)</source>
        <translation>
            <numerusform>%n patient</numerusform>
            <numerusform>%n patients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n patient(s) shown</source>
        <translation>
            <numerusform>%1 of %n patient shown</numerusform>
            <numerusform>%1 of %n patients shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Engine: %n pull(s) running</source>
        <translation>
            <numerusform>Engine: %n pull running</numerusform>
            <numerusform>Engine: %n pulls running</numerusform>
        </translation>
    </message>
    <message>
        <source>medpull</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo mode: the portals, patients and records shown are synthetic and live in a temporary database that is deleted on exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No database is open. Use File › Open database… to open one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search by name or ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter the patient list as you type (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs a&amp;ttention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only patients with an account that needs action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open database…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a SQLite file or a PostgreSQL database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;patient…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register a new patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;source…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a patient-access FHIR portal by its base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect a source…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the selected patient&apos;s authorization at a portal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;ull now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pull every active account of the selected patient now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only patients needing &amp;attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause pulls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause or resume all background pulls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About medpull</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Patients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destinations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading patients…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>medpull — demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No patients yet. Add one with Patients › Add patient…, or start medpull with --demo to explore synthetic data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No patient matches the search or filter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No patients yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a patient to see their accounts, pulls and records.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the database: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source %1 added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account is connected; the first pull starts now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection did not complete: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for authorization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The browser could not be opened. Open this address to sign in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the page again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engine: paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engine: idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Background pulls are paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pulls running in the background</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 pages/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume &amp;pulls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The patient could not be added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The source could not be added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The source could not be connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account could not be reconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account could not be disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pull could not be started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The retry could not be queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The delivery could not be retried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pull could not be scheduled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo could not be set up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database %1 could not be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional, e.g. the clinic&apos;s record number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;External ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FHIR &amp;base URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Client ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>medpull reads the portal&apos;s SMART configuration and CapabilityStatement; a problem with either is shown here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect a source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no source yet. Add the portal first with Sources › Add source…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Source:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The portal&apos;s sign-in page opens in the browser, where the patient approves access.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A SQLite file, or a PostgreSQL URL such as postgresql://user@host/medpull:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About medpull</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;medpull %1&lt;/h3&gt;&lt;p&gt;Pulls patients&apos; records from patient-access FHIR portals in the background, keeps them current and delivers them to export destinations.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event endpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database unavailable, retrying: %1. Nothing is lost; pulls resume where they stopped once it is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Copyright 2026 medpull developers.&lt;/p&gt;&lt;p&gt;medpull is free software under the GNU General Public License, version 3 or any later version (GPL-3.0-or-later), and comes with no warranty. The licence&apos;s text is in /usr/share/common-licenses/GPL-3 and at &lt;a href=&quot;https://www.gnu.org/licenses/gpl-3.0.html&quot;&gt;gnu.org&lt;/a&gt;.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs attention (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The portal&apos;s sign-in page is open in the browser. This window closes when the patient has approved or denied access. The sign-in address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a new database?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no database at %1. Create a new, empty one there?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::PatientListModel</name>
    <message>
        <source>Never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No pull has finished yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>External ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latest pull</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n account(s) or export deliveries need attention</source>
        <translation>
            <numerusform>%n account or export delivery needs attention</numerusform>
            <numerusform>%n accounts or export deliveries need attention</numerusform>
        </translation>
    </message>
    <message>
        <source>Accounts that need action (authorization failed, refresh failed, retries used up) and export deliveries that failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::PatientPage</name>
    <message numerus="yes">
        <source>Queries of pull %1: %n failed</source>
        <translation>
            <numerusform>Queries of pull %1: %n failed</numerusform>
            <numerusform>Queries of pull %1: %n failed</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pull &amp;history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Exports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;uthorization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;harts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect a &amp;source…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the patient&apos;s authorization at another portal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pull now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pull every active account of this patient now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This patient has no accounts yet. Use &quot;Connect a source&quot; to start the patient&apos;s authorization at a portal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pull this &amp;account now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pull the selected account now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;connect…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the portal&apos;s sign-in page in the browser so the patient can authorize again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disconnect…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop pulling this account; its history is kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnect account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop pulling this account? The stored records and the history are kept; the patient has to authorize again to resume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No pulls yet. A pull starts when an account is connected, on schedule, or with &quot;Pull now&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a pull to see its queries.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;try failed queries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue a retry pull that runs only the queries that failed in this pull</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No queries to show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was exported for this patient yet. Deliveries appear here once an export destination is set up and a pull brings new data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retry delivery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the selected failed delivery again now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No authorization steps recorded for this patient yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No resources stored yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a resource type, then a resource, to see its stored JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pull finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resources stored over time, per account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1  (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latest pull: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No pull has finished yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 at %2.&lt;/b&gt; %3&lt;br&gt;&lt;b&gt;Next step:&lt;/b&gt; %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;b&gt;Details:&lt;/b&gt; %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queries of pull %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/%2 from %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This patient could not be loaded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No data yet: the chart fills in as pulls finish.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration of recent pulls, per account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Check whose records %1 sends.&lt;/b&gt; %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::PullHistoryModel</name>
    <message>
        <source>Queued %1, not started yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (incremental)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (retries pull %2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::QueryModel</name>
    <message>
        <source>%1 (reference)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resource type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whole record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed attempts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::RedirectListener</name>
    <message>
        <source>Authorization received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You can close this window and return to medpull.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not found</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::RequestDialog</name>
    <message>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::ResourceCountModel</name>
    <message>
        <source>Resource type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::S3DestinationForm</name>
    <message>
        <source>Virtual-hosted (bucket.endpoint)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path-style (endpoint/bucket)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compress objects with gzip (.ndjson.gz)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bucket:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefix:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Addressing:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access key ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret access key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Multipart above:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored; leave empty to keep it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::SourceDialog</name>
    <message>
        <source>Edit source %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As the portal offers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None: public client with PKCE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secret, HTTP Basic (client_secret_basic)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secret in the form (client_secret_post)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed JWT with medpull&apos;s key (private_key_jwt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rotate key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate a new key pair on save. The old key signs until the portal has accepted the new one: register the new JWKS with the portal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the portal&apos;s SMART configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loopback on any port (RFC 8252)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only when the portal registered one exact URI: http://127.0.0.1:PORT/PATH</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored; leave empty to keep it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As the portal issued it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;FHIR base URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Client ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client &amp;authentication:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client &amp;secret:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing &amp;key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;copes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redirect URI:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests at &amp;once:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests per s&amp;econd:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pull every:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complete pull e&amp;very:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::SourcesModel</name>
    <message>
        <source>Public client (PKCE)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secret (Basic), %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secret (form), %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Signed JWT, %n key(s)</source>
        <translation>
            <numerusform>Signed JWT, %n key</numerusform>
            <numerusform>Signed JWT, %n keys</numerusform>
        </translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loopback, any port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FHIR base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redirect URI</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::SourcesPage</name>
    <message>
        <source>&amp;Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A source with accounts is disabled instead, so their history stays.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy &amp;JWKS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the public keys to register with the portal (never a private key).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>En&amp;able</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the portal…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The JWKS of %1 is on the clipboard: register it with the portal.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medpull::TokenVault</name>
    <message>
        <source>the system keychain (entry %1) and %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the stored tokens are sealed with a key in the system keychain, and %1; unlock the keychain and start again, or import the key with medpull-cli key import FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key that sealed this database&apos;s tokens and secrets (%1) is not in %2; nothing was changed. Put the key file back there (chmod 600), or run medpull-cli key import FILE with a key exported from a machine that has it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the system keychain (entry %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 holds key %2, but this database&apos;s tokens and secrets are sealed with %3; nothing was changed. Put the right key file back, or run medpull-cli key import FILE with a key exported from a machine that has it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
