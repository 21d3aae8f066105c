<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>DestinationSecrets</name>
    <message>
        <source>another process made a different key for this database first (%1); start again to use it</source>
        <translation>ein anderer Prozess hat zuerst einen anderen Schlüssel für diese Datenbank angelegt (%1); neu starten, um ihn zu verwenden</translation>
    </message>
</context>
<context>
    <name>ErrorCode</name>
    <message>
        <source>%1</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>Connected without a refresh token (scope %1): the account stays connected only while the patient&apos;s portal session lasts.</source>
        <translation>Ohne Refresh-Token verbunden (Scope %1): Das Konto bleibt nur verbunden, solange die Portalsitzung des Patienten besteht.</translation>
    </message>
    <message>
        <source>The client credentials of source %1 cannot be decrypted: enter them again.</source>
        <translation>Die Client-Zugangsdaten der Quelle %1 lassen sich nicht entschlüsseln: Bitte erneut eingeben.</translation>
    </message>
    <message>
        <source>Source %1 is disabled.</source>
        <translation>Die Quelle %1 ist deaktiviert.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>not available: the portal answered %1: %2</source>
        <translation>nicht verfügbar: das Portal antwortete %1: %2</translation>
    </message>
    <message>
        <source>the portal refused $everything (%1); searched each type</source>
        <translation>das Portal hat $everything abgelehnt (%1); jeder Typ wurde einzeln gesucht</translation>
    </message>
    <message>
        <source>the portal refused the _id search (%1); read one by one</source>
        <translation>das Portal hat die _id-Suche abgelehnt (%1); einzeln gelesen</translation>
    </message>
    <message>
        <source>the portal requires the search parameter %1 (%2); searched per value</source>
        <translation>das Portal verlangt den Suchparameter %1 (%2); je Wert gesucht</translation>
    </message>
    <message>
        <source>referenced resource not available: the portal answered %1: %2</source>
        <translation>referenzierte Ressource nicht verfügbar: das Portal antwortete %1: %2</translation>
    </message>
    <message>
        <source>%1 is another patient&apos;s record; not stored under this patient</source>
        <translation>%1 gehört zur Akte eines anderen Patienten; nicht unter diesem Patienten gespeichert</translation>
    </message>
    <message>
        <source>%1 is on another server; not fetched with the patient&apos;s token</source>
        <translation>%1 liegt auf einem anderen Server; nicht mit dem Token des Patienten abgerufen</translation>
    </message>
    <message>
        <source>%1 is outside the portal&apos;s FHIR base; not fetched with the token</source>
        <translation>%1 liegt außerhalb der FHIR-Basis des Portals; nicht mit dem Token abgerufen</translation>
    </message>
    <message>
        <source>the next link %1 repeats a page this query already fetched; paging stopped</source>
        <translation>der Next-Link %1 wiederholt eine Seite, die diese Abfrage schon abgerufen hat; Blättern beendet</translation>
    </message>
    <message>
        <source>paging stopped after %1 pages, the most one query may fetch</source>
        <translation>Blättern nach %1 Seiten beendet, dem Höchstwert für eine Abfrage</translation>
    </message>
    <message>
        <source>unreadable page: %1</source>
        <translation>unlesbare Seite: %1</translation>
    </message>
    <message>
        <source>the portal&apos;s note on this search: %1</source>
        <translation>Hinweis des Portals zu dieser Suche: %1</translation>
    </message>
    <message>
        <source>the token names patient %1, the portal&apos;s Patient resource has id %2; stored as returned</source>
        <translation>das Token nennt den Patienten %1, die Patient-Ressource des Portals hat die ID %2; wie geliefert gespeichert</translation>
    </message>
    <message>
        <source>Patient %1 is another patient; not stored under this patient</source>
        <translation>Patient %1 ist ein anderer Patient; nicht unter diesem Patienten gespeichert</translation>
    </message>
    <message>
        <source>invalid resource: %1</source>
        <translation>ungültige Ressource: %1</translation>
    </message>
    <message>
        <source>the portal refused the refresh token; ask the patient to reconnect</source>
        <translation>das Portal hat das Refresh-Token abgelehnt; bitten Sie den Patienten, sich neu zu verbinden</translation>
    </message>
    <message>
        <source>succeeded with notes: %1 not available or noted</source>
        <translation>erfolgreich mit Hinweisen: %1 nicht verfügbar oder vermerkt</translation>
    </message>
    <message>
        <source>The response from %1 is larger than %2 MB and was refused</source>
        <translation>Die Antwort von %1 ist größer als %2 MB und wurde abgelehnt</translation>
    </message>
    <message>
        <source>The endpoint answered HTTP %1: %2</source>
        <translation>Der Endpunkt antwortete mit HTTP %1: %2</translation>
    </message>
    <message>
        <source>The endpoint did not answer within %1 seconds</source>
        <translation>Der Endpunkt antwortete nicht innerhalb von %1 Sekunden</translation>
    </message>
    <message>
        <source>The endpoint cannot be reached: %1</source>
        <translation>Der Endpunkt ist nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>The endpoint&apos;s signing secret cannot be decrypted: re-enter it</source>
        <translation>Das Signaturgeheimnis des Endpunkts kann nicht entschlüsselt werden: Geben Sie es neu ein</translation>
    </message>
    <message>
        <source>The endpoint&apos;s URL cannot be used: %1</source>
        <translation>Die URL des Endpunkts ist nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>The event or its endpoint no longer exists</source>
        <translation>Das Ereignis oder sein Endpunkt existiert nicht mehr</translation>
    </message>
    <message>
        <source>Disabled after %1 failed attempts to deliver event %2. Last error: %3</source>
        <translation>Deaktiviert nach %1 fehlgeschlagenen Versuchen, Ereignis %2 zuzustellen. Letzter Fehler: %3</translation>
    </message>
    <message>
        <source>S3 answered HTTP %1 %2: %3</source>
        <translation>S3 antwortete mit HTTP %1 %2: %3</translation>
    </message>
    <message>
        <source>S3 answered HTTP %1 without an error code</source>
        <translation>S3 antwortete mit HTTP %1 ohne Fehlercode</translation>
    </message>
    <message>
        <source>S3 did not answer within %1 seconds</source>
        <translation>S3 antwortete nicht innerhalb von %1 Sekunden</translation>
    </message>
    <message>
        <source>S3 cannot be reached: %1</source>
        <translation>S3 ist nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>Resource type &apos;%1&apos; cannot name an object</source>
        <translation>Der Ressourcentyp „%1“ kann kein Objekt benennen</translation>
    </message>
    <message>
        <source>Compressing %1 failed</source>
        <translation>Komprimieren von %1 fehlgeschlagen</translation>
    </message>
    <message>
        <source>The sign-in was not completed within %1 s.</source>
        <translation>Die Anmeldung wurde nicht innerhalb von %1 s abgeschlossen.</translation>
    </message>
    <message>
        <source>The sign-in was cancelled by staff.</source>
        <translation>Die Anmeldung wurde vom Personal abgebrochen.</translation>
    </message>
    <message>
        <source>The sign-in cannot start: %1</source>
        <translation>Die Anmeldung kann nicht beginnen: %1</translation>
    </message>
    <message>
        <source>Cannot listen on 127.0.0.1 for the redirect: %1</source>
        <translation>Auf 127.0.0.1 kann nicht auf die Weiterleitung gewartet werden: %1</translation>
    </message>
    <message>
        <source>Sign-in opened at %1, redirect to %2</source>
        <translation>Anmeldung geöffnet bei %1, Weiterleitung an %2</translation>
    </message>
    <message>
        <source>The portal answered &quot;%1&quot;.</source>
        <translation>Das Portal antwortete „%1“.</translation>
    </message>
    <message>
        <source>The portal answered &quot;%1&quot;: %2</source>
        <translation>Das Portal antwortete „%1“: %2</translation>
    </message>
    <message>
        <source>The redirect does not belong to this sign-in.</source>
        <translation>Die Weiterleitung gehört nicht zu dieser Anmeldung.</translation>
    </message>
    <message>
        <source>The redirect carries neither a code nor an error.</source>
        <translation>Die Weiterleitung enthält weder einen Code noch einen Fehler.</translation>
    </message>
    <message>
        <source>Authorization code received</source>
        <translation>Autorisierungscode empfangen</translation>
    </message>
    <message>
        <source>The portal did not exchange the code: %1</source>
        <translation>Das Portal hat den Code nicht eingetauscht: %1</translation>
    </message>
    <message>
        <source>Granted scope: %1 (patient %2)</source>
        <translation>Gewährter Umfang: %1 (Patient %2)</translation>
    </message>
    <message>
        <source>Disconnected by an admin; tokens deleted</source>
        <translation>Von einem Admin getrennt; Tokens gelöscht</translation>
    </message>
    <message>
        <source>The stored tokens cannot be used: %1</source>
        <translation>Die gespeicherten Tokens sind nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>The portal refused the refresh token: %1</source>
        <translation>Das Portal hat das Refresh-Token abgelehnt: %1</translation>
    </message>
    <message>
        <source>New refresh token issued</source>
        <translation>Neues Refresh-Token ausgestellt</translation>
    </message>
    <message>
        <source>Refresh token kept</source>
        <translation>Refresh-Token beibehalten</translation>
    </message>
    <message>
        <source>Not pulled: the account is not active.</source>
        <translation>Nicht abgerufen: Das Konto ist nicht aktiv.</translation>
    </message>
    <message>
        <source>invalid resources skipped: %1; the first is entry %2: %3</source>
        <translation>ungültige Ressourcen übersprungen: %1; die erste ist Eintrag %2: %3</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>SQLite database</source>
        <translation>SQLite-Datenbank</translation>
    </message>
    <message>
        <source>SQLite databases (*.sqlite *.db);;All files (*)</source>
        <translation>SQLite-Datenbanken (*.sqlite *.db);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <source>Still connecting to %1</source>
        <translation>Verbindung mit %1 läuft noch</translation>
    </message>
    <message>
        <source>Your sign-in at %1 was received, but the connection is taking longer than usual. The staff can see whether it worked; you can close this window.</source>
        <translation>Ihre Anmeldung bei %1 ist eingegangen, aber die Verbindung dauert länger als üblich. Das Praxisteam sieht, ob sie geklappt hat; Sie können dieses Fenster schließen.</translation>
    </message>
    <message>
        <source>Not connected to %1</source>
        <translation>Nicht mit %1 verbunden</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>Mit %1 verbunden</translation>
    </message>
    <message>
        <source>Connected to %1. Your records are being retrieved in the background; you can close this window.</source>
        <translation>Mit %1 verbunden. Ihre Daten werden im Hintergrund abgerufen; Sie können dieses Fenster schließen.</translation>
    </message>
    <message>
        <source>You did not allow access to your records at %1, so nothing was connected.</source>
        <translation>Sie haben den Zugriff auf Ihre Daten bei %1 nicht erlaubt, daher wurde nichts verbunden.</translation>
    </message>
    <message>
        <source>%1 ended the sign-in without giving access, so nothing was connected.</source>
        <translation>%1 hat die Anmeldung ohne Zugriffsfreigabe beendet, daher wurde nichts verbunden.</translation>
    </message>
    <message>
        <source>%1 could not complete the sign-in (it said: %2), so nothing was connected.</source>
        <translation>%1 konnte die Anmeldung nicht abschließen (Meldung: %2), daher wurde nichts verbunden.</translation>
    </message>
    <message>
        <source>This answer from %1 does not belong to the sign-in the staff started (it may come from an older sign-in window), so nothing was connected.</source>
        <translation>Diese Antwort von %1 gehört nicht zu der Anmeldung, die das Praxisteam gestartet hat (vielleicht stammt sie aus einem älteren Anmeldefenster), daher wurde nichts verbunden.</translation>
    </message>
    <message>
        <source>You signed in, but %1 did not complete the connection, so nothing was connected.</source>
        <translation>Sie haben sich angemeldet, aber %1 hat die Verbindung nicht abgeschlossen, daher wurde nichts verbunden.</translation>
    </message>
    <message>
        <source>This sign-in took too long and has expired, so nothing was connected to %1.</source>
        <translation>Diese Anmeldung hat zu lange gedauert und ist abgelaufen, daher wurde nichts mit %1 verbunden.</translation>
    </message>
    <message>
        <source>The sign-in was cancelled at the clinic. Nothing was connected to %1.</source>
        <translation>Die Anmeldung wurde in der Praxis abgebrochen. Mit %1 wurde nichts verbunden.</translation>
    </message>
    <message>
        <source>The sign-in could not be started, so nothing was connected to %1.</source>
        <translation>Die Anmeldung konnte nicht gestartet werden, daher wurde nichts mit %1 verbunden.</translation>
    </message>
    <message>
        <source>To try again, ask the staff to start the connection again.</source>
        <translation>Für einen neuen Versuch bitten Sie das Praxisteam, die Verbindung erneut zu starten.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>Other sources</source>
        <translation>Weitere Quellen</translation>
    </message>
    <message>
        <source>Your records can also be retrieved from:</source>
        <translation>Ihre Daten können auch hier abgerufen werden:</translation>
    </message>
    <message>
        <source>Connect another source</source>
        <translation>Weitere Quelle verbinden</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>Syncing</source>
        <translation>Wird abgeglichen</translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation>Aktuell</translation>
    </message>
    <message>
        <source>Partial</source>
        <translation>Unvollständig</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Braucht Aufmerksamkeit</translation>
    </message>
    <message>
        <source>Waiting for authorization</source>
        <translation>Wartet auf Autorisierung</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Authorization failed</source>
        <translation>Autorisierung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Refresh failed</source>
        <translation>Erneuerung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Getrennt</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>In Warteschlange</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Erfolgreich</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Delivering</source>
        <translation>Wird zugestellt</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Zugestellt</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>Manuell</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Geplant</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Wiederholung</translation>
    </message>
    <message>
        <source>Session started</source>
        <translation>Sitzung gestartet</translation>
    </message>
    <message>
        <source>Callback received</source>
        <translation>Rückruf empfangen</translation>
    </message>
    <message>
        <source>Code exchanged</source>
        <translation>Code eingetauscht</translation>
    </message>
    <message>
        <source>Token refreshed</source>
        <translation>Token erneuert</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>Erfolg</translation>
    </message>
    <message>
        <source>Failure</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Portal authorization failed</source>
        <translation>Autorisierung am Portal fehlgeschlagen</translation>
    </message>
    <message>
        <source>Retrieval error</source>
        <translation>Abruffehler</translation>
    </message>
    <message>
        <source>Token refresh failed</source>
        <translation>Token-Erneuerung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>in a moment</source>
        <translation>gleich</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message numerus="yes">
        <source>in %n minute(s)</source>
        <translation>
            <numerusform>in %n Minute</numerusform>
            <numerusform>in %n Minuten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>vor %n Minute</numerusform>
            <numerusform>vor %n Minuten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %n hour(s)</source>
        <translation>
            <numerusform>in %n Stunde</numerusform>
            <numerusform>in %n Stunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>vor %n Stunde</numerusform>
            <numerusform>vor %n Stunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %n day(s)</source>
        <translation>
            <numerusform>in %n Tag</numerusform>
            <numerusform>in %n Tagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>vor %n Tag</numerusform>
            <numerusform>vor %n Tagen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>Not available</source>
        <translation>Nicht verfügbar</translation>
    </message>
    <message>
        <source>Cancelled by staff</source>
        <translation>Vom Personal abgebrochen</translation>
    </message>
    <message>
        <source>Retrying at %1 (attempt %2 of %3)</source>
        <translation>Neuer Versuch um %1 (Versuch %2 von %3)</translation>
    </message>
    <message>
        <source>Automatic retries used up. Inspect the patient&apos;s pull history.</source>
        <translation>Automatische Wiederholungen aufgebraucht. Prüfen Sie den Abrufverlauf des Patienten.</translation>
    </message>
    <message>
        <source>Retrying automatically; Retry delivery sends it now.</source>
        <translation>Wird automatisch wiederholt; „Zustellung wiederholen“ sendet sofort.</translation>
    </message>
    <message>
        <source>Automatic retries used up; use Retry delivery.</source>
        <translation>Automatische Wiederholungen aufgebraucht; „Zustellung wiederholen“ verwenden.</translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation>Wird wiederholt</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Monitors background FHIR pulls from patient portals.</source>
        <translation>Überwacht FHIR-Abrufe aus Patientenportalen im Hintergrund.</translation>
    </message>
    <message>
        <source>Run the sandbox portals in process and pull from them into a temporary demo database.</source>
        <translation>Startet die Sandbox-Portale im Prozess und ruft von ihnen in eine temporäre Demo-Datenbank ab.</translation>
    </message>
    <message>
        <source>A SQLite file or a postgresql:// URL to open.</source>
        <translation>Eine SQLite-Datei oder eine postgresql://-URL, die geöffnet wird.</translation>
    </message>
    <message>
        <source>medpull demo</source>
        <translation>medpull-Demo</translation>
    </message>
    <message>
        <source>The demo portals could not start: %1</source>
        <translation>Die Demo-Portale konnten nicht starten: %1</translation>
    </message>
    <message>
        <source>Run no pulls or deliveries here: show the database and queue commands for the workers (medpull-cli run) that share it.</source>
        <translation>Hier keine Abrufe oder Zustellungen ausführen: die Datenbank anzeigen und Befehle für die Worker (medpull-cli run) einreihen, die sie teilen.</translation>
    </message>
    <message>
        <source>The demo configuration is broken: %1</source>
        <translation>Die Demo-Konfiguration ist fehlerhaft: %1</translation>
    </message>
</context>
<context>
    <name>medpull</name>
    <message>
        <source>The patient did not grant usable access.</source>
        <translation>Der Patient hat keinen nutzbaren Zugriff gewährt.</translation>
    </message>
    <message>
        <source>The portal returned an error during FHIR calls.</source>
        <translation>Das Portal hat bei FHIR-Aufrufen einen Fehler gemeldet.</translation>
    </message>
    <message>
        <source>The stored refresh token cannot be used.</source>
        <translation>Das gespeicherte Refresh-Token ist nicht verwendbar.</translation>
    </message>
    <message>
        <source>Data landed, delivery failed.</source>
        <translation>Daten sind angekommen, die Zustellung ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Ask the patient to retry.</source>
        <translation>Bitten Sie den Patienten, es erneut zu versuchen.</translation>
    </message>
    <message>
        <source>Inspect the patient&apos;s pull history.</source>
        <translation>Prüfen Sie den Abrufverlauf des Patienten.</translation>
    </message>
    <message>
        <source>Ask the patient to reconnect.</source>
        <translation>Bitten Sie den Patienten, sich neu zu verbinden.</translation>
    </message>
    <message>
        <source>Retry from the export destination&apos;s page.</source>
        <translation>Wiederholen Sie auf der Seite des Exportziels.</translation>
    </message>
    <message>
        <source>Stays connected only while the patient&apos;s portal session lasts.</source>
        <translation>Bleibt nur verbunden, solange die Portalsitzung des Patienten besteht.</translation>
    </message>
</context>
<context>
    <name>medpull::AccountModel</name>
    <message>
        <source>Patient %1 at this portal</source>
        <translation>Patient %1 bei diesem Portal</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <source>Not scheduled</source>
        <translation>Nicht geplant</translation>
    </message>
    <message>
        <source>%1 pages, %2 resources</source>
        <translation>%1 Seiten, %2 Ressourcen</translation>
    </message>
    <message>
        <source>%1 of %2 queries done; now: %3</source>
        <translation>%1 von %2 Abfragen fertig; jetzt: %3</translation>
    </message>
    <message>
        <source>%1: %2 %3</source>
        <translation>%1: %2 %3</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Last successful pull</source>
        <translation>Zuletzt erfolgreich</translation>
    </message>
    <message>
        <source>Next pull</source>
        <translation>Nächster Abruf</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>Ressourcen</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Nächster Schritt</translation>
    </message>
    <message>
        <source>%1 (session only)</source>
        <translation>%1 (nur Sitzung)</translation>
    </message>
</context>
<context>
    <name>medpull::AuthEventModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Error code</source>
        <translation>Fehlercode</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
</context>
<context>
    <name>medpull::AuthorizationFlow</name>
    <message>
        <source>the redirect URI %1 is not http://127.0.0.1:PORT/PATH</source>
        <translation>die Redirect-URI %1 hat nicht die Form http://127.0.0.1:PORT/PFAD</translation>
    </message>
</context>
<context>
    <name>medpull::DashboardController</name>
    <message>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet …</translation>
    </message>
    <message>
        <source>The database could not be opened: %1</source>
        <translation>Die Datenbank konnte nicht geöffnet werden: %1</translation>
    </message>
</context>
<context>
    <name>medpull::DataLoader</name>
    <message>
        <source>The patient no longer exists.</source>
        <translation>Den Patienten gibt es nicht mehr.</translation>
    </message>
    <message>
        <source>The resource is no longer stored.</source>
        <translation>Die Ressource ist nicht mehr gespeichert.</translation>
    </message>
    <message>
        <source>This portal record (patient %1) is also linked to %2.</source>
        <translation>Dieser Portaleintrag (Patient %1) ist auch mit %2 verknüpft.</translation>
    </message>
    <message>
        <source>The portal&apos;s patient is %1, not %2.</source>
        <translation>Der Patient im Portal ist %1, nicht %2.</translation>
    </message>
    <message>
        <source>The portal&apos;s patient is %1 (born %2), not %3.</source>
        <translation>Der Patient im Portal ist %1 (geboren %2), nicht %3.</translation>
    </message>
</context>
<context>
    <name>medpull::DeliveryModel</name>
    <message numerus="yes">
        <source>Pull %1, %n resource(s)</source>
        <translation>
            <numerusform>Abruf %1, %n Ressource</numerusform>
            <numerusform>Abruf %1, %n Ressourcen</numerusform>
        </translation>
    </message>
    <message>
        <source>Delivered %1</source>
        <translation>Zugestellt %1</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Next attempt</source>
        <translation>Nächster Versuch</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
</context>
<context>
    <name>medpull::DemoSeeder</name>
    <message>
        <source>sandbox admin %1: %2</source>
        <translation>Sandbox-Verwaltung %1: %2</translation>
    </message>
    <message>
        <source>Adding source %1</source>
        <translation>Quelle %1 wird hinzugefügt</translation>
    </message>
    <message>
        <source>Adding %1</source>
        <translation>%1 wird hinzugefügt</translation>
    </message>
    <message>
        <source>Could not sign in: %1</source>
        <translation>Anmeldung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>demo configuration: %1</source>
        <translation>Demo-Konfiguration: %1</translation>
    </message>
    <message>
        <source>the sandbox has no export destination named %1</source>
        <translation>die Sandbox hat kein Exportziel namens %1</translation>
    </message>
</context>
<context>
    <name>medpull::DestinationDialog</name>
    <message>
        <source>Add export destination</source>
        <translation>Exportziel hinzufügen</translation>
    </message>
    <message>
        <source>Edit export destination</source>
        <translation>Exportziel bearbeiten</translation>
    </message>
    <message>
        <source>NDJSON folder</source>
        <translation>NDJSON-Ordner</translation>
    </message>
    <message>
        <source>FHIR server</source>
        <translation>FHIR-Server</translation>
    </message>
    <message>
        <source>Webhook</source>
        <translation>Webhook</translation>
    </message>
    <message>
        <source>Deliver to this destination</source>
        <translation>An dieses Ziel zustellen</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Art:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <source>Export folder</source>
        <translation>Exportordner</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Ordner:</translation>
    </message>
    <message>
        <source>Batch (each resource on its own)</source>
        <translation>Batch (jede Ressource einzeln)</translation>
    </message>
    <message>
        <source>Transaction (all or nothing)</source>
        <translation>Transaktion (alles oder nichts)</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Bearer token</source>
        <translation>Bearer-Token</translation>
    </message>
    <message>
        <source>Basic (user name and password)</source>
        <translation>Basic (Benutzername und Passwort)</translation>
    </message>
    <message>
        <source>FHIR base URL:</source>
        <translation>FHIR-Basis-URL:</translation>
    </message>
    <message>
        <source>Bundles:</source>
        <translation>Bundles:</translation>
    </message>
    <message>
        <source>Resources per Bundle:</source>
        <translation>Ressourcen pro Bundle:</translation>
    </message>
    <message>
        <source>Authentication:</source>
        <translation>Authentifizierung:</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>Token:</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>Benutzername:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <source>A link to the data</source>
        <translation>Ein Link zu den Daten</translation>
    </message>
    <message>
        <source>The data as NDJSON, inline</source>
        <translation>Die Daten als NDJSON, eingebettet</translation>
    </message>
    <message>
        <source>URL:</source>
        <translation>URL:</translation>
    </message>
    <message>
        <source>Signing secret:</source>
        <translation>Signaturgeheimnis:</translation>
    </message>
    <message>
        <source>Payload:</source>
        <translation>Nutzdaten:</translation>
    </message>
    <message>
        <source>Link template:</source>
        <translation>Link-Vorlage:</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <source>Test and save</source>
        <translation>Testen und speichern</translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>Die Verbindung wird getestet …</translation>
    </message>
    <message>
        <source>Testing the connection before saving…</source>
        <translation>Die Verbindung wird vor dem Speichern getestet …</translation>
    </message>
    <message>
        <source>Stored; leave empty to keep it</source>
        <translation>Gespeichert; leer lassen, um es zu behalten</translation>
    </message>
    <message>
        <source>S3 object storage</source>
        <translation>S3-Objektspeicher</translation>
    </message>
</context>
<context>
    <name>medpull::DestinationPage</name>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten …</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Send the selected delivery again now</source>
        <translation>Die ausgewählte Zustellung jetzt erneut senden</translation>
    </message>
    <message>
        <source>Retry all failed</source>
        <translation>Alle fehlgeschlagenen wiederholen</translation>
    </message>
    <message>
        <source>No destination selected</source>
        <translation>Kein Ziel ausgewählt</translation>
    </message>
    <message>
        <source>Add an export destination, or pick one from the list.</source>
        <translation>Fügen Sie ein Exportziel hinzu oder wählen Sie eines aus der Liste.</translation>
    </message>
    <message>
        <source>enabled</source>
        <translation>aktiviert</translation>
    </message>
    <message>
        <source>disabled — receives nothing</source>
        <translation>deaktiviert – empfängt nichts</translation>
    </message>
    <message numerus="yes">
        <source>%n delivered</source>
        <translation>
            <numerusform>%n zugestellt</numerusform>
            <numerusform>%n zugestellt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pending</source>
        <translation>
            <numerusform>%n ausstehend</numerusform>
            <numerusform>%n ausstehend</numerusform>
        </translation>
    </message>
    <message>
        <source>received everything up to pull %1</source>
        <translation>hat alles bis Abruf %1 erhalten</translation>
    </message>
    <message>
        <source>nothing received in full yet</source>
        <translation>noch nichts vollständig erhalten</translation>
    </message>
    <message>
        <source>last delivery %1</source>
        <translation>letzte Zustellung %1</translation>
    </message>
    <message>
        <source>1 delivery failed and waits for a person.</source>
        <translation>1 Zustellung ist fehlgeschlagen und wartet auf einen Menschen.</translation>
    </message>
    <message>
        <source>%1 deliveries failed and wait for a person.</source>
        <translation>%1 Zustellungen sind fehlgeschlagen und warten auf einen Menschen.</translation>
    </message>
    <message>
        <source>1 delivery is being retried automatically.</source>
        <translation>1 Zustellung wird automatisch wiederholt.</translation>
    </message>
    <message>
        <source>%1 deliveries are being retried automatically.</source>
        <translation>%1 Zustellungen werden automatisch wiederholt.</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>Letzter Fehler: %1</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>Deaktivieren</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>Aktivieren</translation>
    </message>
    <message>
        <source>Send every failed delivery, and every one waiting for an automatic retry, again now</source>
        <translation>Jede fehlgeschlagene Zustellung und jede, die auf eine automatische Wiederholung wartet, jetzt erneut senden</translation>
    </message>
    <message>
        <source>Once the cause below is fixed, press Retry all failed, or select a delivery and press Retry.</source>
        <translation>Sobald die unten genannte Ursache behoben ist: „Alle fehlgeschlagenen wiederholen“ drücken, oder eine Zustellung auswählen und „Wiederholen“ drücken.</translation>
    </message>
    <message>
        <source>Retry all failed sends them now instead of waiting.</source>
        <translation>„Alle fehlgeschlagenen wiederholen“ sendet sie jetzt, statt zu warten.</translation>
    </message>
</context>
<context>
    <name>medpull::DestinationTester</name>
    <message>
        <source>Folder %1 does not exist.</source>
        <translation>Der Ordner %1 existiert nicht.</translation>
    </message>
    <message>
        <source>%1 is not a folder.</source>
        <translation>%1 ist kein Ordner.</translation>
    </message>
    <message>
        <source>Cannot write in %1: %2</source>
        <translation>Kann nicht in %1 schreiben: %2</translation>
    </message>
    <message>
        <source>Folder %1 exists and is writable.</source>
        <translation>Der Ordner %1 existiert und ist beschreibbar.</translation>
    </message>
    <message>
        <source>The FHIR server refused the credentials (%1).</source>
        <translation>Der FHIR-Server hat die Zugangsdaten abgelehnt (%1).</translation>
    </message>
    <message>
        <source>The FHIR server cannot be reached: %1</source>
        <translation>Der FHIR-Server ist nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>FHIR server reachable (FHIR %1) and credentials accepted.</source>
        <translation>FHIR-Server erreichbar (FHIR %1), Zugangsdaten akzeptiert.</translation>
    </message>
    <message>
        <source>version not stated</source>
        <translation>Version nicht angegeben</translation>
    </message>
    <message>
        <source>FHIR server reachable and credentials accepted (it answered an empty batch; it has no CapabilityStatement).</source>
        <translation>FHIR-Server erreichbar, Zugangsdaten akzeptiert (er hat einen leeren Batch beantwortet; er hat kein CapabilityStatement).</translation>
    </message>
    <message>
        <source>The FHIR server did not accept a batch: %1</source>
        <translation>Der FHIR-Server hat keinen Batch angenommen: %1</translation>
    </message>
    <message>
        <source>Webhook reachable: it accepted a signed ping (HTTP %1).</source>
        <translation>Webhook erreichbar: er hat einen signierten Ping angenommen (HTTP %1).</translation>
    </message>
    <message>
        <source>The webhook did not accept a signed ping: %1</source>
        <translation>Der Webhook hat keinen signierten Ping angenommen: %1</translation>
    </message>
    <message>
        <source>The bucket did not take a test object: %1</source>
        <translation>Der Bucket hat kein Testobjekt angenommen: %1</translation>
    </message>
    <message>
        <source>Bucket %1 reachable: it took a test object and deleted it again.</source>
        <translation>Bucket %1 erreichbar: Er hat ein Testobjekt angenommen und wieder gelöscht.</translation>
    </message>
    <message>
        <source>The bucket took a test object but did not delete it: %1</source>
        <translation>Der Bucket hat ein Testobjekt angenommen, aber nicht gelöscht: %1</translation>
    </message>
</context>
<context>
    <name>medpull::DestinationsDeliveryModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>waits for Retry</source>
        <translation>wartet auf Wiederholung</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Pull</source>
        <translation>Abruf</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>Ressourcen</translation>
    </message>
    <message>
        <source>Delivered / due</source>
        <translation>Zugestellt / fällig</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
</context>
<context>
    <name>medpull::DestinationsModel</name>
    <message>
        <source>NDJSON folder</source>
        <translation>NDJSON-Ordner</translation>
    </message>
    <message>
        <source>FHIR server</source>
        <translation>FHIR-Server</translation>
    </message>
    <message>
        <source>Webhook</source>
        <translation>Webhook</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Aktiviert</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Deaktiviert</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n fehlgeschlagen</numerusform>
            <numerusform>%n fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n retrying</source>
        <translation>
            <numerusform>%n wird wiederholt</numerusform>
            <numerusform>%n werden wiederholt</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 failed, %2 retrying</source>
        <translation>%1 fehlgeschlagen, %2 werden wiederholt</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Last delivery</source>
        <translation>Letzte Zustellung</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>S3 object storage</source>
        <translation>S3-Objektspeicher</translation>
    </message>
</context>
<context>
    <name>medpull::DestinationsView</name>
    <message>
        <source>Export destinations</source>
        <translation>Exportziele</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Hinzufügen …</translation>
    </message>
    <message>
        <source>Cannot load the destinations: %1</source>
        <translation>Die Exportziele können nicht geladen werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>Retrying %n delivery(s) now.</source>
        <translation>
            <numerusform>%n Zustellung wird jetzt wiederholt.</numerusform>
            <numerusform>%n Zustellungen werden jetzt wiederholt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to retry: no delivery failed or waits for a retry.</source>
        <translation>Nichts zu wiederholen: Keine Zustellung ist fehlgeschlagen oder wartet auf eine Wiederholung.</translation>
    </message>
</context>
<context>
    <name>medpull::EngineCore</name>
    <message>
        <source>the database is not open</source>
        <translation>die Datenbank ist nicht geöffnet</translation>
    </message>
    <message>
        <source>cannot protect tokens: %1</source>
        <translation>Tokens können nicht geschützt werden: %1</translation>
    </message>
    <message>
        <source>a patient needs a name</source>
        <translation>ein Patient braucht einen Namen</translation>
    </message>
    <message>
        <source>a source needs a name and a client id</source>
        <translation>eine Quelle braucht einen Namen und eine Client-ID</translation>
    </message>
    <message>
        <source>no patient %1</source>
        <translation>kein Patient %1</translation>
    </message>
    <message>
        <source>no source %1</source>
        <translation>keine Quelle %1</translation>
    </message>
    <message>
        <source>no account %1</source>
        <translation>kein Konto %1</translation>
    </message>
    <message>
        <source>the patient has no active account to pull from</source>
        <translation>der Patient hat kein aktives Konto zum Abrufen</translation>
    </message>
    <message>
        <source>the account is %1, not active</source>
        <translation>das Konto ist %1, nicht aktiv</translation>
    </message>
    <message>
        <source>no pull %1</source>
        <translation>kein Abruf %1</translation>
    </message>
    <message>
        <source>pull %1 has no failed queries</source>
        <translation>Abruf %1 hat keine fehlgeschlagenen Abfragen</translation>
    </message>
    <message>
        <source>the patient is already connected to this source</source>
        <translation>der Patient ist mit dieser Quelle bereits verbunden</translation>
    </message>
    <message>
        <source>no links on the sign-in page: %1</source>
        <translation>keine Links auf der Seite nach der Anmeldung: %1</translation>
    </message>
    <message>
        <source>medpull is not running.</source>
        <translation>medpull läuft nicht.</translation>
    </message>
    <message>
        <source>The sign-in could not be started. Please ask the staff to start the connection.</source>
        <translation>Die Anmeldung konnte nicht gestartet werden. Bitten Sie das Praxisteam, die Verbindung zu starten.</translation>
    </message>
    <message>
        <source>The sign-in could not be started (%1). Please ask the staff to start the connection.</source>
        <translation>Die Anmeldung konnte nicht gestartet werden (%1). Bitten Sie das Praxisteam, die Verbindung zu starten.</translation>
    </message>
    <message>
        <source>Name: an export destination needs a name.</source>
        <translation>Name: Ein Exportziel braucht einen Namen.</translation>
    </message>
    <message>
        <source>Name: another export destination is already called “%1”.</source>
        <translation>Name: Ein anderes Exportziel heißt bereits „%1“.</translation>
    </message>
    <message>
        <source>There is no export destination %1.</source>
        <translation>Es gibt kein Exportziel %1.</translation>
    </message>
    <message>
        <source>There is no delivery %1.</source>
        <translation>Es gibt keine Zustellung %1.</translation>
    </message>
    <message>
        <source>Delivery %1 is not waiting for a retry.</source>
        <translation>Zustellung %1 wartet auf keine Wiederholung.</translation>
    </message>
    <message>
        <source>Another patient already has the external ID %1.</source>
        <translation>Ein anderer Patient hat bereits die externe ID %1.</translation>
    </message>
    <message>
        <source>The endpoint needs a name.</source>
        <translation>Der Endpunkt braucht einen Namen.</translation>
    </message>
    <message>
        <source>The URL cannot be used: %1</source>
        <translation>Die URL ist nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>Choose at least one event type.</source>
        <translation>Wählen Sie mindestens einen Ereignistyp.</translation>
    </message>
    <message>
        <source>Another event endpoint is called %1.</source>
        <translation>Ein anderer Ereignis-Endpunkt heißt bereits %1.</translation>
    </message>
    <message>
        <source>The secret cannot be stored encrypted: the token vault has no key.</source>
        <translation>Das Geheimnis kann nicht verschlüsselt gespeichert werden: Der Token-Tresor hat keinen Schlüssel.</translation>
    </message>
    <message>
        <source>The endpoint needs a signing secret.</source>
        <translation>Der Endpunkt braucht ein Signaturgeheimnis.</translation>
    </message>
    <message>
        <source>There is no event endpoint %1.</source>
        <translation>Es gibt keinen Ereignis-Endpunkt %1.</translation>
    </message>
</context>
<context>
    <name>medpull::EventDeliveryModel</name>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Last attempt</source>
        <translation>Letzter Versuch</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>Retrying at %1</source>
        <translation>Neuer Versuch um %1</translation>
    </message>
</context>
<context>
    <name>medpull::EventEndpointsModel</name>
    <message>
        <source>enabled</source>
        <translation>aktiviert</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>deaktiviert</translation>
    </message>
    <message>
        <source>disabled: gave up</source>
        <translation>deaktiviert: aufgegeben</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
</context>
<context>
    <name>medpull::EventEndpointsView</name>
    <message>
        <source>Event endpoints</source>
        <translation>Ereignis-Endpunkte</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Hinzufügen …</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten …</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>Deaktivieren</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Delivery log</source>
        <translation>Zustellprotokoll</translation>
    </message>
    <message>
        <source>Redeliver</source>
        <translation>Erneut zustellen</translation>
    </message>
    <message>
        <source>Send the selected event to this endpoint again</source>
        <translation>Das ausgewählte Ereignis erneut an diesen Endpunkt senden</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>Aktivieren</translation>
    </message>
    <message>
        <source>Remove endpoint</source>
        <translation>Endpunkt entfernen</translation>
    </message>
    <message>
        <source>Remove %1 and its delivery log?</source>
        <translation>%1 und sein Zustellprotokoll entfernen?</translation>
    </message>
    <message>
        <source>Add event endpoint</source>
        <translation>Ereignis-Endpunkt hinzufügen</translation>
    </message>
    <message>
        <source>Edit event endpoint</source>
        <translation>Ereignis-Endpunkt bearbeiten</translation>
    </message>
    <message>
        <source>Stored; leave empty to keep it</source>
        <translation>Gespeichert; leer lassen, um es zu behalten</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>URL:</source>
        <translation>URL:</translation>
    </message>
    <message>
        <source>Signing secret:</source>
        <translation>Signaturgeheimnis:</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>Alle Ereignisse</translation>
    </message>
    <message>
        <source>Events:</source>
        <translation>Ereignisse:</translation>
    </message>
    <message>
        <source>Choose at least one event type.</source>
        <translation>Wählen Sie mindestens einen Ereignistyp.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>No event endpoints. Add one to send signed notifications of connections and pulls to another system.</source>
        <translation>Keine Ereignis-Endpunkte. Fügen Sie einen hinzu, um signierte Benachrichtigungen über Verbindungen und Abrufe an ein anderes System zu senden.</translation>
    </message>
    <message>
        <source>No event was sent to this endpoint yet.</source>
        <translation>An diesen Endpunkt wurde noch kein Ereignis gesendet.</translation>
    </message>
    <message>
        <source>Cannot load the event endpoints: %1</source>
        <translation>Die Ereignis-Endpunkte können nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Enable it to send its pending events.</source>
        <translation>Aktivieren Sie ihn, um seine ausstehenden Ereignisse zu senden.</translation>
    </message>
</context>
<context>
    <name>medpull::InboxModel</name>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Source or destination</source>
        <translation>Quelle oder Ziel</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Seit</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Nächster Schritt</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>Problem: %1 (%2)</source>
        <translation>Problem: %1 (%2)</translation>
    </message>
    <message>
        <source>Patient: %1 (id %2)</source>
        <translation>Patient: %1 (ID %2)</translation>
    </message>
    <message>
        <source>Source or destination: %1</source>
        <translation>Quelle oder Ziel: %1</translation>
    </message>
    <message>
        <source>Since: %1</source>
        <translation>Seit: %1</translation>
    </message>
    <message>
        <source>Account: %1</source>
        <translation>Konto: %1</translation>
    </message>
    <message>
        <source>Pull: %1</source>
        <translation>Abruf: %1</translation>
    </message>
    <message numerus="yes">
        <source>Delivery: %1 (%n attempt(s))</source>
        <translation>
            <numerusform>Zustellung: %1 (%n Versuch)</numerusform>
            <numerusform>Zustellung: %1 (%n Versuche)</numerusform>
        </translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>Letzter Fehler: %1</translation>
    </message>
    <message>
        <source>Next step: %1</source>
        <translation>Nächster Schritt: %1</translation>
    </message>
</context>
<context>
    <name>medpull::InboxView</name>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Anzeigen:</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>Alles</translation>
    </message>
    <message>
        <source>Nothing needs attention.</source>
        <translation>Nichts braucht Aufmerksamkeit.</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Jetzt wiederholen</translation>
    </message>
    <message>
        <source>Open pull &amp;history</source>
        <translation>Abruf&amp;verlauf öffnen</translation>
    </message>
    <message>
        <source>&amp;Copy details</source>
        <translation>Details &amp;kopieren</translation>
    </message>
    <message>
        <source>Details copied to the clipboard.</source>
        <translation>Details in die Zwischenablage kopiert.</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) need a person.</source>
        <translation>
            <numerusform>%n Eintrag braucht eine Person.</numerusform>
            <numerusform>%n Einträge brauchen eine Person.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation>Neu &amp;verbinden</translation>
    </message>
    <message>
        <source>&amp;Retry now</source>
        <translation>Jetzt &amp;wiederholen</translation>
    </message>
    <message>
        <source>&amp;Retry delivery</source>
        <translation>Zustellung &amp;wiederholen</translation>
    </message>
    <message>
        <source>Reconnect started for %1 at %2.</source>
        <translation>Neuverbindung für %1 bei %2 gestartet.</translation>
    </message>
    <message>
        <source>Retry of %1&apos;s pull at %2 queued.</source>
        <translation>Wiederholung des Abrufs von %1 bei %2 eingereiht.</translation>
    </message>
    <message>
        <source>Delivery %1 to %2 queued to retry now.</source>
        <translation>Zustellung %1 an %2 wird jetzt erneut versucht.</translation>
    </message>
</context>
<context>
    <name>medpull::LaunchLinkServer</name>
    <message>
        <source>Sign-in not started</source>
        <translation>Anmeldung nicht gestartet</translation>
    </message>
    <message>
        <source>Link not found</source>
        <translation>Link nicht gefunden</translation>
    </message>
    <message>
        <source>This link is not known here. To connect a source, ask the staff to start the connection.</source>
        <translation>Dieser Link ist hier nicht bekannt. Um eine Quelle zu verbinden, bitten Sie das Praxisteam, die Verbindung zu starten.</translation>
    </message>
    <message>
        <source>Link no longer valid</source>
        <translation>Link nicht mehr gültig</translation>
    </message>
    <message>
        <source>This link was already used. Each link starts one sign-in; to start another, ask the staff.</source>
        <translation>Dieser Link wurde bereits verwendet. Jeder Link startet eine Anmeldung; für eine weitere wenden Sie sich an das Praxisteam.</translation>
    </message>
    <message>
        <source>This link has expired. To connect a source, ask the staff to start the connection.</source>
        <translation>Dieser Link ist abgelaufen. Um eine Quelle zu verbinden, bitten Sie das Praxisteam, die Verbindung zu starten.</translation>
    </message>
    <message>
        <source>The sign-in page could not be prepared in time. Please try again, or ask the staff to start the connection.</source>
        <translation>Die Anmeldeseite konnte nicht rechtzeitig vorbereitet werden. Bitte versuchen Sie es erneut oder bitten Sie das Praxisteam, die Verbindung zu starten.</translation>
    </message>
</context>
<context>
    <name>medpull::LoopbackHttpServer</name>
    <message>
        <source>Continue</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>Continue to sign in</source>
        <translation>Weiter zur Anmeldung</translation>
    </message>
    <message>
        <source>Request too large</source>
        <translation>Anfrage zu groß</translation>
    </message>
    <message>
        <source>Bad request</source>
        <translation>Ungültige Anfrage</translation>
    </message>
    <message>
        <source>Method not allowed</source>
        <translation>Methode nicht erlaubt</translation>
    </message>
</context>
<context>
    <name>medpull::MainWindow</name>
    <message>
        <source>medpull</source>
        <translation>medpull</translation>
    </message>
    <message>
        <source>Demo mode: the portals, patients and records shown are synthetic and live in a temporary database that is deleted on exit.</source>
        <translation>Demo-Modus: Die gezeigten Portale, Patienten und Daten sind synthetisch und liegen in einer temporären Datenbank, die beim Beenden gelöscht wird.</translation>
    </message>
    <message>
        <source>Patients</source>
        <translation>Patienten</translation>
    </message>
    <message>
        <source>No database is open. Use File › Open database… to open one.</source>
        <translation>Keine Datenbank geöffnet. Öffnen Sie eine mit Datei › Datenbank öffnen …</translation>
    </message>
    <message>
        <source>Search by name or ID</source>
        <translation>Nach Name oder ID suchen</translation>
    </message>
    <message>
        <source>Filter the patient list as you type (Ctrl+F)</source>
        <translation>Die Patientenliste beim Tippen filtern (Strg+F)</translation>
    </message>
    <message>
        <source>Needs a&amp;ttention</source>
        <translation>Braucht Au&amp;fmerksamkeit</translation>
    </message>
    <message>
        <source>Show only patients with an account that needs action</source>
        <translation>Nur Patienten mit einem Konto zeigen, das Handlung erfordert</translation>
    </message>
    <message>
        <source>&amp;Open database…</source>
        <translation>Datenbank ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>Open a SQLite file or a PostgreSQL database</source>
        <translation>Eine SQLite-Datei oder eine PostgreSQL-Datenbank öffnen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Add &amp;patient…</source>
        <translation>&amp;Patient hinzufügen …</translation>
    </message>
    <message>
        <source>Register a new patient</source>
        <translation>Einen neuen Patienten anlegen</translation>
    </message>
    <message>
        <source>Add &amp;source…</source>
        <translation>&amp;Quelle hinzufügen …</translation>
    </message>
    <message>
        <source>Add a patient-access FHIR portal by its base URL</source>
        <translation>Ein FHIR-Patientenportal über seine Basis-URL hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Connect a source…</source>
        <translation>Quelle &amp;verbinden …</translation>
    </message>
    <message>
        <source>Start the selected patient&apos;s authorization at a portal</source>
        <translation>Die Autorisierung des ausgewählten Patienten bei einem Portal starten</translation>
    </message>
    <message>
        <source>P&amp;ull now</source>
        <translation>Jetzt &amp;abrufen</translation>
    </message>
    <message>
        <source>Pull every active account of the selected patient now</source>
        <translation>Alle aktiven Konten des ausgewählten Patienten jetzt abrufen</translation>
    </message>
    <message>
        <source>&amp;Find patient</source>
        <translation>Patient &amp;suchen</translation>
    </message>
    <message>
        <source>Only patients needing &amp;attention</source>
        <translation>Nur Patienten, die &amp;Aufmerksamkeit brauchen</translation>
    </message>
    <message>
        <source>&amp;Pause pulls</source>
        <translation>Abrufe &amp;pausieren</translation>
    </message>
    <message>
        <source>Pause or resume all background pulls</source>
        <translation>Alle Hintergrundabrufe pausieren oder fortsetzen</translation>
    </message>
    <message>
        <source>&amp;About medpull</source>
        <translation>&amp;Über medpull</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Patients</source>
        <translation>&amp;Patienten</translation>
    </message>
    <message>
        <source>&amp;Sources</source>
        <translation>&amp;Quellen</translation>
    </message>
    <message>
        <source>&amp;Engine</source>
        <translation>&amp;Engine</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>Destinations</source>
        <translation>Ziele</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>Datenbank: %1</translation>
    </message>
    <message>
        <source>Loading patients…</source>
        <translation>Patienten werden geladen …</translation>
    </message>
    <message>
        <source>No database</source>
        <translation>Keine Datenbank</translation>
    </message>
    <message>
        <source>medpull — demo</source>
        <translation>medpull – Demo</translation>
    </message>
    <message numerus="yes">
        <source>%n patient(s)</source>
        <translation>
            <numerusform>%n Patient</numerusform>
            <numerusform>%n Patienten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n patient(s) shown</source>
        <translation>
            <numerusform>%1 von %n Patient angezeigt</numerusform>
            <numerusform>%1 von %n Patienten angezeigt</numerusform>
        </translation>
    </message>
    <message>
        <source>No patients yet. Add one with Patients › Add patient…, or start medpull with --demo to explore synthetic data.</source>
        <translation>Noch keine Patienten. Legen Sie einen mit Patienten › Patient hinzufügen … an oder starten Sie medpull mit --demo, um synthetische Daten zu erkunden.</translation>
    </message>
    <message>
        <source>No patient matches the search or filter.</source>
        <translation>Kein Patient passt zur Suche oder zum Filter.</translation>
    </message>
    <message>
        <source>No patients yet.</source>
        <translation>Noch keine Patienten.</translation>
    </message>
    <message>
        <source>Select a patient to see their accounts, pulls and records.</source>
        <translation>Wählen Sie einen Patienten, um seine Konten, Abrufe und Daten zu sehen.</translation>
    </message>
    <message>
        <source>Could not read the database: %1</source>
        <translation>Die Datenbank konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Source %1 added.</source>
        <translation>Quelle %1 hinzugefügt.</translation>
    </message>
    <message>
        <source>The account is connected; the first pull starts now.</source>
        <translation>Das Konto ist verbunden; der erste Abruf beginnt jetzt.</translation>
    </message>
    <message>
        <source>The connection did not complete: %1</source>
        <translation>Die Verbindung wurde nicht hergestellt: %1</translation>
    </message>
    <message>
        <source>Waiting for authorization</source>
        <translation>Wartet auf Autorisierung</translation>
    </message>
    <message>
        <source>The browser could not be opened. Open this address to sign in:</source>
        <translation>Der Browser konnte nicht geöffnet werden. Öffnen Sie diese Adresse, um sich anzumelden:</translation>
    </message>
    <message>
        <source>Open the page again</source>
        <translation>Seite erneut öffnen</translation>
    </message>
    <message>
        <source>Engine: paused</source>
        <translation>Engine: pausiert</translation>
    </message>
    <message>
        <source>Engine: idle</source>
        <translation>Engine: untätig</translation>
    </message>
    <message numerus="yes">
        <source>Engine: %n pull(s) running</source>
        <translation>
            <numerusform>Engine: %n Abruf läuft</numerusform>
            <numerusform>Engine: %n Abrufe laufen</numerusform>
        </translation>
    </message>
    <message>
        <source>Background pulls are paused</source>
        <translation>Hintergrundabrufe sind pausiert</translation>
    </message>
    <message>
        <source>Pulls running in the background</source>
        <translation>Im Hintergrund laufende Abrufe</translation>
    </message>
    <message>
        <source>%1 pages/s</source>
        <translation>%1 Seiten/s</translation>
    </message>
    <message>
        <source>Resume &amp;pulls</source>
        <translation>Abrufe &amp;fortsetzen</translation>
    </message>
    <message>
        <source>The patient could not be added</source>
        <translation>Der Patient konnte nicht angelegt werden</translation>
    </message>
    <message>
        <source>The source could not be added</source>
        <translation>Die Quelle konnte nicht hinzugefügt werden</translation>
    </message>
    <message>
        <source>The source could not be connected</source>
        <translation>Die Quelle konnte nicht verbunden werden</translation>
    </message>
    <message>
        <source>The account could not be reconnected</source>
        <translation>Das Konto konnte nicht neu verbunden werden</translation>
    </message>
    <message>
        <source>The account could not be disconnected</source>
        <translation>Das Konto konnte nicht getrennt werden</translation>
    </message>
    <message>
        <source>The pull could not be started</source>
        <translation>Der Abruf konnte nicht gestartet werden</translation>
    </message>
    <message>
        <source>The retry could not be queued</source>
        <translation>Die Wiederholung konnte nicht eingereiht werden</translation>
    </message>
    <message>
        <source>The delivery could not be retried</source>
        <translation>Die Zustellung konnte nicht wiederholt werden</translation>
    </message>
    <message>
        <source>The pull could not be scheduled</source>
        <translation>Der Abruf konnte nicht geplant werden</translation>
    </message>
    <message>
        <source>The demo could not be set up</source>
        <translation>Die Demo konnte nicht eingerichtet werden</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Etwas ist schiefgegangen</translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation>Die Datenbank kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>The database %1 could not be opened.</source>
        <translation>Die Datenbank %1 konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>Add patient</source>
        <translation>Patient hinzufügen</translation>
    </message>
    <message>
        <source>optional, e.g. the clinic&apos;s record number</source>
        <translation>optional, z. B. die Aktennummer der Praxis</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;External ID:</source>
        <translation>&amp;Externe ID:</translation>
    </message>
    <message>
        <source>Add source</source>
        <translation>Quelle hinzufügen</translation>
    </message>
    <message>
        <source>FHIR &amp;base URL:</source>
        <translation>FHIR-&amp;Basis-URL:</translation>
    </message>
    <message>
        <source>&amp;Client ID:</source>
        <translation>&amp;Client-ID:</translation>
    </message>
    <message>
        <source>medpull reads the portal&apos;s SMART configuration and CapabilityStatement; a problem with either is shown here.</source>
        <translation>medpull liest die SMART-Konfiguration und das CapabilityStatement des Portals; ein Problem mit einem davon wird hier gezeigt.</translation>
    </message>
    <message>
        <source>Connect a source</source>
        <translation>Quelle verbinden</translation>
    </message>
    <message>
        <source>There is no source yet. Add the portal first with Sources › Add source…</source>
        <translation>Es gibt noch keine Quelle. Fügen Sie das Portal zuerst mit Quellen › Quelle hinzufügen … hinzu.</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>&amp;Source:</source>
        <translation>&amp;Quelle:</translation>
    </message>
    <message>
        <source>The portal&apos;s sign-in page opens in the browser, where the patient approves access.</source>
        <translation>Die Anmeldeseite des Portals öffnet sich im Browser, wo der Patient den Zugriff erlaubt.</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Open database</source>
        <translation>Datenbank öffnen</translation>
    </message>
    <message>
        <source>A SQLite file, or a PostgreSQL URL such as postgresql://user@host/medpull:</source>
        <translation>Eine SQLite-Datei oder eine PostgreSQL-URL wie postgresql://user@host/medpull:</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen …</translation>
    </message>
    <message>
        <source>About medpull</source>
        <translation>Über medpull</translation>
    </message>
    <message>
        <source>&lt;h3&gt;medpull %1&lt;/h3&gt;&lt;p&gt;Pulls patients&apos; records from patient-access FHIR portals in the background, keeps them current and delivers them to export destinations.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;medpull %1&lt;/h3&gt;&lt;p&gt;Ruft Patientendaten im Hintergrund aus FHIR-Patientenportalen ab, hält sie aktuell und stellt sie an Exportziele zu.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <source>Event endpoints</source>
        <translation>Ereignis-Endpunkte</translation>
    </message>
    <message>
        <source>Database unavailable, retrying: %1. Nothing is lost; pulls resume where they stopped once it is back.</source>
        <translation>Datenbank nicht erreichbar, neuer Versuch folgt: %1. Es geht nichts verloren; Abrufe laufen dort weiter, wo sie angehalten wurden, sobald sie wieder da ist.</translation>
    </message>
    <message>
        <source>&lt;p&gt;Copyright 2026 medpull developers.&lt;/p&gt;&lt;p&gt;medpull is free software under the GNU General Public License, version 3 or any later version (GPL-3.0-or-later), and comes with no warranty. The licence&apos;s text is in /usr/share/common-licenses/GPL-3 and at &lt;a href=&quot;https://www.gnu.org/licenses/gpl-3.0.html&quot;&gt;gnu.org&lt;/a&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Copyright 2026 medpull-Entwickler.&lt;/p&gt;&lt;p&gt;medpull ist freie Software unter der GNU General Public License, Version 3 oder jeder späteren Version (GPL-3.0-or-later), und kommt ohne jede Gewährleistung. Der Lizenztext steht in /usr/share/common-licenses/GPL-3 und auf &lt;a href=&quot;https://www.gnu.org/licenses/gpl-3.0.html&quot;&gt;gnu.org&lt;/a&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Needs attention (%1)</source>
        <translation>Braucht Aufmerksamkeit (%1)</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Braucht Aufmerksamkeit</translation>
    </message>
    <message>
        <source>The portal&apos;s sign-in page is open in the browser. This window closes when the patient has approved or denied access. The sign-in address:</source>
        <translation>Die Anmeldeseite des Portals ist im Browser geöffnet. Dieses Fenster schließt sich, sobald der Patient den Zugriff erlaubt oder abgelehnt hat. Die Anmeldeadresse:</translation>
    </message>
    <message>
        <source>&amp;Copy address</source>
        <translation>Adresse &amp;kopieren</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>Create a new database?</source>
        <translation>Neue Datenbank anlegen?</translation>
    </message>
    <message>
        <source>There is no database at %1. Create a new, empty one there?</source>
        <translation>Unter %1 gibt es keine Datenbank. Dort eine neue, leere anlegen?</translation>
    </message>
</context>
<context>
    <name>medpull::PatientListModel</name>
    <message>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <source>No pull has finished yet.</source>
        <translation>Noch kein Abruf ist abgeschlossen.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>External ID</source>
        <translation>Externe ID</translation>
    </message>
    <message>
        <source>Record status</source>
        <translation>Datenstatus</translation>
    </message>
    <message>
        <source>Latest pull</source>
        <translation>Letzter Abruf</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Konten</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>Zu tun</translation>
    </message>
    <message numerus="yes">
        <source>%n account(s) or export deliveries need attention</source>
        <translation>
            <numerusform>%n Konto oder Exportlieferung braucht Aufmerksamkeit</numerusform>
            <numerusform>%n Konten oder Exportlieferungen brauchen Aufmerksamkeit</numerusform>
        </translation>
    </message>
    <message>
        <source>Accounts that need action (authorization failed, refresh failed, retries used up) and export deliveries that failed</source>
        <translation>Konten, die Handeln erfordern (Autorisierung fehlgeschlagen, Erneuerung fehlgeschlagen, Wiederholungen aufgebraucht), und fehlgeschlagene Exportlieferungen</translation>
    </message>
</context>
<context>
    <name>medpull::PatientPage</name>
    <message>
        <source>&amp;Accounts</source>
        <translation>&amp;Konten</translation>
    </message>
    <message>
        <source>Pull &amp;history</source>
        <translation>Abruf&amp;verlauf</translation>
    </message>
    <message>
        <source>&amp;Exports</source>
        <translation>&amp;Exporte</translation>
    </message>
    <message>
        <source>A&amp;uthorization</source>
        <translation>A&amp;utorisierung</translation>
    </message>
    <message>
        <source>&amp;Records</source>
        <translation>&amp;Daten</translation>
    </message>
    <message>
        <source>C&amp;harts</source>
        <translation>Dia&amp;gramme</translation>
    </message>
    <message>
        <source>Connect a &amp;source…</source>
        <translation>&amp;Quelle verbinden …</translation>
    </message>
    <message>
        <source>Start the patient&apos;s authorization at another portal</source>
        <translation>Die Autorisierung des Patienten bei einem weiteren Portal starten</translation>
    </message>
    <message>
        <source>&amp;Pull now</source>
        <translation>Jetzt &amp;abrufen</translation>
    </message>
    <message>
        <source>Pull every active account of this patient now</source>
        <translation>Alle aktiven Konten dieses Patienten jetzt abrufen</translation>
    </message>
    <message>
        <source>This patient has no accounts yet. Use &quot;Connect a source&quot; to start the patient&apos;s authorization at a portal.</source>
        <translation>Dieser Patient hat noch keine Konten. Mit „Quelle verbinden“ starten Sie die Autorisierung des Patienten bei einem Portal.</translation>
    </message>
    <message>
        <source>Pull this &amp;account now</source>
        <translation>Dieses &amp;Konto jetzt abrufen</translation>
    </message>
    <message>
        <source>Pull the selected account now</source>
        <translation>Das ausgewählte Konto jetzt abrufen</translation>
    </message>
    <message>
        <source>Re&amp;connect…</source>
        <translation>&amp;Neu verbinden …</translation>
    </message>
    <message>
        <source>Open the portal&apos;s sign-in page in the browser so the patient can authorize again</source>
        <translation>Die Anmeldeseite des Portals im Browser öffnen, damit der Patient erneut autorisieren kann</translation>
    </message>
    <message>
        <source>&amp;Disconnect…</source>
        <translation>&amp;Trennen …</translation>
    </message>
    <message>
        <source>Stop pulling this account; its history is kept</source>
        <translation>Dieses Konto nicht mehr abrufen; sein Verlauf bleibt erhalten</translation>
    </message>
    <message>
        <source>Disconnect account</source>
        <translation>Konto trennen</translation>
    </message>
    <message>
        <source>Stop pulling this account? The stored records and the history are kept; the patient has to authorize again to resume.</source>
        <translation>Dieses Konto nicht mehr abrufen? Die gespeicherten Daten und der Verlauf bleiben erhalten; zum Fortsetzen muss der Patient erneut autorisieren.</translation>
    </message>
    <message>
        <source>No pulls yet. A pull starts when an account is connected, on schedule, or with &quot;Pull now&quot;.</source>
        <translation>Noch keine Abrufe. Ein Abruf beginnt, wenn ein Konto verbunden wird, nach Plan oder mit „Jetzt abrufen“.</translation>
    </message>
    <message>
        <source>Select a pull to see its queries.</source>
        <translation>Wählen Sie einen Abruf, um seine Abfragen zu sehen.</translation>
    </message>
    <message>
        <source>Re&amp;try failed queries</source>
        <translation>Fehlgeschlagene Abfragen &amp;wiederholen</translation>
    </message>
    <message>
        <source>Queue a retry pull that runs only the queries that failed in this pull</source>
        <translation>Einen Wiederholungsabruf einreihen, der nur die in diesem Abruf fehlgeschlagenen Abfragen ausführt</translation>
    </message>
    <message>
        <source>No queries to show.</source>
        <translation>Keine Abfragen vorhanden.</translation>
    </message>
    <message>
        <source>Nothing was exported for this patient yet. Deliveries appear here once an export destination is set up and a pull brings new data.</source>
        <translation>Für diesen Patienten wurde noch nichts exportiert. Zustellungen erscheinen hier, sobald ein Exportziel eingerichtet ist und ein Abruf neue Daten bringt.</translation>
    </message>
    <message>
        <source>&amp;Retry delivery</source>
        <translation>Zustellung &amp;wiederholen</translation>
    </message>
    <message>
        <source>Send the selected failed delivery again now</source>
        <translation>Die ausgewählte fehlgeschlagene Zustellung jetzt erneut senden</translation>
    </message>
    <message>
        <source>No authorization steps recorded for this patient yet.</source>
        <translation>Für diesen Patienten sind noch keine Autorisierungsschritte aufgezeichnet.</translation>
    </message>
    <message>
        <source>No resources stored yet.</source>
        <translation>Noch keine Ressourcen gespeichert.</translation>
    </message>
    <message>
        <source>Select a resource type, then a resource, to see its stored JSON.</source>
        <translation>Wählen Sie einen Ressourcentyp und dann eine Ressource, um ihr gespeichertes JSON zu sehen.</translation>
    </message>
    <message>
        <source>Pull finished</source>
        <translation>Abruf beendet</translation>
    </message>
    <message>
        <source>Resources stored over time, per account</source>
        <translation>Gespeicherte Ressourcen im Zeitverlauf, je Konto</translation>
    </message>
    <message>
        <source>Seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>Ressourcen</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <source>%1  (%2)</source>
        <translation>%1  (%2)</translation>
    </message>
    <message>
        <source>Latest pull: %1</source>
        <translation>Letzter Abruf: %1</translation>
    </message>
    <message>
        <source>No pull has finished yet</source>
        <translation>Noch kein Abruf abgeschlossen</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 at %2.&lt;/b&gt; %3&lt;br&gt;&lt;b&gt;Next step:&lt;/b&gt; %4</source>
        <translation>&lt;b&gt;%1 bei %2.&lt;/b&gt; %3&lt;br&gt;&lt;b&gt;Nächster Schritt:&lt;/b&gt; %4</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;b&gt;Details:&lt;/b&gt; %1</source>
        <translation>&lt;br&gt;&lt;b&gt;Details:&lt;/b&gt; %1</translation>
    </message>
    <message numerus="yes">
        <source>Queries of pull %1: %n failed</source>
        <translation>
            <numerusform>Abfragen von Abruf %1: %n fehlgeschlagen</numerusform>
            <numerusform>Abfragen von Abruf %1: %n fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message>
        <source>Queries of pull %1</source>
        <translation>Abfragen von Abruf %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1/%2 from %3</source>
        <translation>%1/%2 von %3</translation>
    </message>
    <message>
        <source>This patient could not be loaded: %1</source>
        <translation>Dieser Patient konnte nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>No data yet: the chart fills in as pulls finish.</source>
        <translation>Noch keine Daten: Das Diagramm füllt sich, sobald Abrufe abgeschlossen sind.</translation>
    </message>
    <message>
        <source>Duration of recent pulls, per account</source>
        <translation>Dauer der letzten Abrufe, je Konto</translation>
    </message>
    <message>
        <source>&lt;b&gt;Check whose records %1 sends.&lt;/b&gt; %2</source>
        <translation>&lt;b&gt;Prüfen Sie, wessen Daten %1 sendet.&lt;/b&gt; %2</translation>
    </message>
</context>
<context>
    <name>medpull::PullHistoryModel</name>
    <message>
        <source>Queued %1, not started yet</source>
        <translation>Eingereiht %1, noch nicht gestartet</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>%1 (incremental)</source>
        <translation>%1 (inkrementell)</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Auslöser</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>%1 (retries pull %2)</source>
        <translation>%1 (wiederholt Abruf %2)</translation>
    </message>
</context>
<context>
    <name>medpull::QueryModel</name>
    <message>
        <source>%1 (reference)</source>
        <translation>%1 (Verweis)</translation>
    </message>
    <message>
        <source>Resource type</source>
        <translation>Ressourcentyp</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Seiten</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>Ressourcen</translation>
    </message>
    <message>
        <source>HTTP status</source>
        <translation>HTTP-Status</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Whole record</source>
        <translation>Gesamte Akte</translation>
    </message>
    <message>
        <source>Failed attempts</source>
        <translation>Fehlversuche</translation>
    </message>
</context>
<context>
    <name>medpull::RedirectListener</name>
    <message>
        <source>Authorization received</source>
        <translation>Autorisierung empfangen</translation>
    </message>
    <message>
        <source>You can close this window and return to medpull.</source>
        <translation>Sie können dieses Fenster schließen und zu medpull zurückkehren.</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Nicht gefunden</translation>
    </message>
</context>
<context>
    <name>medpull::RequestDialog</name>
    <message>
        <source>Checking…</source>
        <translation>Wird geprüft …</translation>
    </message>
</context>
<context>
    <name>medpull::ResourceCountModel</name>
    <message>
        <source>Resource type</source>
        <translation>Ressourcentyp</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>Gespeichert</translation>
    </message>
</context>
<context>
    <name>medpull::S3DestinationForm</name>
    <message>
        <source>Virtual-hosted (bucket.endpoint)</source>
        <translation>Virtual-Hosted (bucket.endpoint)</translation>
    </message>
    <message>
        <source>Path-style (endpoint/bucket)</source>
        <translation>Pfad-Stil (endpoint/bucket)</translation>
    </message>
    <message>
        <source>Compress objects with gzip (.ndjson.gz)</source>
        <translation>Objekte mit gzip komprimieren (.ndjson.gz)</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source>Endpoint URL:</source>
        <translation>Endpunkt-URL:</translation>
    </message>
    <message>
        <source>Bucket:</source>
        <translation>Bucket:</translation>
    </message>
    <message>
        <source>Prefix:</source>
        <translation>Präfix:</translation>
    </message>
    <message>
        <source>Region:</source>
        <translation>Region:</translation>
    </message>
    <message>
        <source>Addressing:</source>
        <translation>Adressierung:</translation>
    </message>
    <message>
        <source>Access key ID:</source>
        <translation>Zugriffsschlüssel-ID:</translation>
    </message>
    <message>
        <source>Secret access key:</source>
        <translation>Geheimer Zugriffsschlüssel:</translation>
    </message>
    <message>
        <source>Multipart above:</source>
        <translation>Multipart ab:</translation>
    </message>
    <message>
        <source>Stored; leave empty to keep it</source>
        <translation>Gespeichert; leer lassen, um es zu behalten</translation>
    </message>
</context>
<context>
    <name>medpull::SourceDialog</name>
    <message>
        <source>Edit source %1</source>
        <translation>Quelle %1 bearbeiten</translation>
    </message>
    <message>
        <source>Add source</source>
        <translation>Quelle hinzufügen</translation>
    </message>
    <message>
        <source>As the portal offers</source>
        <translation>Wie vom Portal angeboten</translation>
    </message>
    <message>
        <source>None: public client with PKCE</source>
        <translation>Keine: öffentlicher Client mit PKCE</translation>
    </message>
    <message>
        <source>Client secret, HTTP Basic (client_secret_basic)</source>
        <translation>Client-Secret, HTTP Basic (client_secret_basic)</translation>
    </message>
    <message>
        <source>Client secret in the form (client_secret_post)</source>
        <translation>Client-Secret im Formular (client_secret_post)</translation>
    </message>
    <message>
        <source>Signed JWT with medpull&apos;s key (private_key_jwt)</source>
        <translation>Signiertes JWT mit medpulls Schlüssel (private_key_jwt)</translation>
    </message>
    <message>
        <source>&amp;Rotate key</source>
        <translation>Schlüssel &amp;wechseln</translation>
    </message>
    <message>
        <source>Generate a new key pair on save. The old key signs until the portal has accepted the new one: register the new JWKS with the portal.</source>
        <translation>Beim Speichern ein neues Schlüsselpaar erzeugen. Der alte Schlüssel signiert, bis das Portal den neuen angenommen hat: Registrieren Sie das neue JWKS beim Portal.</translation>
    </message>
    <message>
        <source>From the portal&apos;s SMART configuration</source>
        <translation>Aus der SMART-Konfiguration des Portals</translation>
    </message>
    <message>
        <source>Loopback on any port (RFC 8252)</source>
        <translation>Loopback auf beliebigem Port (RFC 8252)</translation>
    </message>
    <message>
        <source>Only when the portal registered one exact URI: http://127.0.0.1:PORT/PATH</source>
        <translation>Nur wenn das Portal genau eine URI registriert hat: http://127.0.0.1:PORT/PFAD</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>Unbegrenzt</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>Stored; leave empty to keep it</source>
        <translation>Gespeichert; leer lassen, um es zu behalten</translation>
    </message>
    <message>
        <source>As the portal issued it</source>
        <translation>Wie vom Portal ausgestellt</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;FHIR base URL:</source>
        <translation>&amp;FHIR-Basis-URL:</translation>
    </message>
    <message>
        <source>&amp;Client ID:</source>
        <translation>&amp;Client-ID:</translation>
    </message>
    <message>
        <source>Client &amp;authentication:</source>
        <translation>Client-&amp;Authentifizierung:</translation>
    </message>
    <message>
        <source>Client &amp;secret:</source>
        <translation>Client-&amp;Secret:</translation>
    </message>
    <message>
        <source>Signing &amp;key:</source>
        <translation>Signatur&amp;schlüssel:</translation>
    </message>
    <message>
        <source>S&amp;copes:</source>
        <translation>S&amp;copes:</translation>
    </message>
    <message>
        <source>&amp;Redirect URI:</source>
        <translation>&amp;Redirect-URI:</translation>
    </message>
    <message>
        <source>Requests at &amp;once:</source>
        <translation>Gleichzeitige Anf&amp;ragen:</translation>
    </message>
    <message>
        <source>Requests per s&amp;econd:</source>
        <translation>Anfragen pro S&amp;ekunde:</translation>
    </message>
    <message>
        <source>&amp;Pull every:</source>
        <translation>&amp;Abruf alle:</translation>
    </message>
    <message>
        <source>Complete pull e&amp;very:</source>
        <translation>&amp;Vollständiger Abruf alle:</translation>
    </message>
</context>
<context>
    <name>medpull::SourcesModel</name>
    <message>
        <source>Public client (PKCE)</source>
        <translation>Öffentlicher Client (PKCE)</translation>
    </message>
    <message>
        <source>Client secret (Basic), %1</source>
        <translation>Client-Secret (Basic), %1</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <source>stored</source>
        <translation>gespeichert</translation>
    </message>
    <message>
        <source>Client secret (form), %1</source>
        <translation>Client-Secret (Formular), %1</translation>
    </message>
    <message numerus="yes">
        <source>Signed JWT, %n key(s)</source>
        <translation>
            <numerusform>Signiertes JWT, %n Schlüssel</numerusform>
            <numerusform>Signiertes JWT, %n Schlüssel</numerusform>
        </translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Aktiviert</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Deaktiviert</translation>
    </message>
    <message>
        <source>Loopback, any port</source>
        <translation>Loopback, beliebiger Port</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>FHIR base URL</source>
        <translation>FHIR-Basis-URL</translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation>Client-ID</translation>
    </message>
    <message>
        <source>Client authentication</source>
        <translation>Client-Authentifizierung</translation>
    </message>
    <message>
        <source>Redirect URI</source>
        <translation>Redirect-URI</translation>
    </message>
</context>
<context>
    <name>medpull::SourcesPage</name>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation>&amp;Deaktivieren</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>A source with accounts is disabled instead, so their history stays.</source>
        <translation>Eine Quelle mit Konten wird stattdessen deaktiviert, damit deren Verlauf erhalten bleibt.</translation>
    </message>
    <message>
        <source>Copy &amp;JWKS</source>
        <translation>&amp;JWKS kopieren</translation>
    </message>
    <message>
        <source>Copy the public keys to register with the portal (never a private key).</source>
        <translation>Die öffentlichen Schlüssel zum Registrieren beim Portal kopieren (nie einen privaten Schlüssel).</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 gespeichert.</translation>
    </message>
    <message>
        <source>Source removed.</source>
        <translation>Quelle entfernt.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>En&amp;able</source>
        <translation>&amp;Aktivieren</translation>
    </message>
    <message>
        <source>Checking the portal…</source>
        <translation>Portal wird geprüft…</translation>
    </message>
    <message>
        <source>The JWKS of %1 is on the clipboard: register it with the portal.</source>
        <translation>Das JWKS von %1 liegt in der Zwischenablage: Registrieren Sie es beim Portal.</translation>
    </message>
</context>
<context>
    <name>medpull::TokenVault</name>
    <message>
        <source>the system keychain (entry %1) and %2</source>
        <translation>dem Schlüsselbund des Systems (Eintrag %1) und %2</translation>
    </message>
    <message>
        <source>the stored tokens are sealed with a key in the system keychain, and %1; unlock the keychain and start again, or import the key with medpull-cli key import FILE</source>
        <translation>die gespeicherten Tokens sind mit einem Schlüssel im Schlüsselbund des Systems versiegelt, und %1; den Schlüsselbund entsperren und neu starten, oder den Schlüssel mit medpull-cli key import DATEI importieren</translation>
    </message>
    <message>
        <source>the key that sealed this database&apos;s tokens and secrets (%1) is not in %2; nothing was changed. Put the key file back there (chmod 600), or run medpull-cli key import FILE with a key exported from a machine that has it</source>
        <translation>der Schlüssel, mit dem die Tokens und Geheimnisse dieser Datenbank versiegelt sind (%1), ist nicht in %2; nichts wurde geändert. Die Schlüsseldatei dorthin zurücklegen (chmod 600) oder medpull-cli key import DATEI mit einem Schlüssel ausführen, der auf einem Rechner exportiert wurde, der ihn hat</translation>
    </message>
    <message>
        <source>the system keychain (entry %1)</source>
        <translation>der Schlüsselbund des Systems (Eintrag %1)</translation>
    </message>
    <message>
        <source>%1 holds key %2, but this database&apos;s tokens and secrets are sealed with %3; nothing was changed. Put the right key file back, or run medpull-cli key import FILE with a key exported from a machine that has it</source>
        <translation>%1 enthält den Schlüssel %2, aber die Tokens und Geheimnisse dieser Datenbank sind mit %3 versiegelt; nichts wurde geändert. Die richtige Schlüsseldatei zurücklegen oder medpull-cli key import DATEI mit einem Schlüssel ausführen, der auf einem Rechner exportiert wurde, der ihn hat</translation>
    </message>
</context>
</TS>
