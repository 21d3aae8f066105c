// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The dashboard on a large database: time to show the main window with the
// patient list, to filter the list as someone types, and to open a patient's
// page. The database is generated once with bulk SQL and cached next to the
// binary, so reruns start at once.
//   bench_ui            (small: 500 patients, 5,000 pulls, 50,000 resources)
//   bench_ui --full     (10,000 patients, 100,000 pulls, 1,000,000 resources)
#include "database.h"
#include "inboxview.h"
#include "mainwindow.h"
#include "patientfiltermodel.h"
#include "patientlistmodel.h"
#include "patientpage.h"
#include "patientrepository.h"
#include "pullhistorymodel.h"
#include "sourcerepository.h"
#include "stallwatchdog.h"
#include "storeerror.h"
#include "tableview.h"
#include "transaction.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>

#include <cstdio>

using namespace medpull;

namespace {

struct Size {
    int patients = 500;
    int pulls = 5000;
    int resources = 50000;
};

void exec(QSqlQuery &query) {
    if (!query.exec())
        qFatal("bench_ui: %s", qPrintable(query.lastError().text()));
}

// Three sources; each patient has one to three accounts; pulls and
// resources are spread evenly over the accounts.
void generate(const Database &db, const Size &size) {
    const QSqlDatabase connection = db.connection();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    Transaction transaction(db);
    QSqlQuery query(connection);
    for (const char *name : {"epic", "cerner", "flaky"}) {
        query.prepare(QStringLiteral(
            "INSERT INTO sources (name, fhir_base, client_id, scopes, resource_types, created_at) "
            "VALUES (?, ?, 'medpull', 'patient/*.rs', 'Observation Condition', ?)"));
        query.addBindValue(QString::fromLatin1(name));
        query.addBindValue(QStringLiteral("http://127.0.0.1:8080/portals/%1/fhir").arg(name));
        query.addBindValue(now);
        exec(query);
    }
    query.prepare(QStringLiteral(
        "INSERT INTO patients (display_name, external_id, created_at) VALUES (?, ?, ?)"));
    for (int p = 1; p <= size.patients; ++p) {
        query.addBindValue(QStringLiteral("Patient %1").arg(p));
        query.addBindValue(QStringLiteral("MRN-%1").arg(p, 6, 10, QLatin1Char('0')));
        query.addBindValue(now);
        exec(query);
    }
    query.prepare(QStringLiteral(
        "INSERT INTO connections (patient_id, source_id, state, failure_kind, created_at, "
        "updated_at, last_successful_pull_at, next_pull_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    int connections = 0;
    for (int p = 1; p <= size.patients; ++p) {
        for (int s = 1; s <= 1 + p % 3; ++s) {
            const bool broken = (p * 7 + s) % 23 == 0;
            query.addBindValue(p);
            query.addBindValue(s);
            query.addBindValue(broken ? QStringLiteral("refresh_failed")
                                      : QStringLiteral("active"));
            query.addBindValue(broken ? QVariant(QStringLiteral("token_refresh_failed"))
                                      : QVariant(QMetaType::fromType<QString>()));
            query.addBindValue(now);
            query.addBindValue(now);
            query.addBindValue(now - 3600000);
            query.addBindValue(now + 86400000);
            exec(query);
            ++connections;
        }
    }
    query.prepare(QStringLiteral(
        "INSERT INTO pulls (connection_id, pull_trigger, status, is_full, queued_at, started_at, "
        "finished_at, created_count, updated_count, pages, error_count, error) "
        "VALUES (?, 'scheduled', ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)"));
    QSqlQuery queryInsert(connection);
    queryInsert.prepare(QStringLiteral(
        "INSERT INTO pull_queries (pull_id, resource_type, kind, url, status, pages, "
        "created_count, attempts, http_status, error) VALUES (?, ?, 'search', ?, ?, 1, ?, 1, ?, "
        "?)"));
    for (int i = 0; i < size.pulls; ++i) {
        const int connectionId = 1 + i % connections;
        const qint64 started = now - qint64(size.pulls - i) * 60000;
        const bool partial = i % 17 == 0;
        query.addBindValue(connectionId);
        query.addBindValue(partial ? QStringLiteral("partial") : QStringLiteral("succeeded"));
        query.addBindValue(started);
        query.addBindValue(started);
        query.addBindValue(started + 2000 + i % 5000);
        query.addBindValue(size.resources / size.pulls);
        query.addBindValue(i % 3);
        query.addBindValue(3);
        query.addBindValue(partial ? 1 : 0);
        query.addBindValue(partial ? QVariant(QStringLiteral("Procedure: HTTP 500"))
                                   : QVariant(QMetaType::fromType<QString>()));
        exec(query);
        const qint64 pullId = query.lastInsertId().toLongLong();
        for (const char *type : {"Observation", "Procedure"}) {
            const bool failed = partial && QLatin1String(type) == QLatin1String("Procedure");
            queryInsert.addBindValue(pullId);
            queryInsert.addBindValue(QString::fromLatin1(type));
            queryInsert.addBindValue(QStringLiteral("%1?patient=p").arg(type));
            queryInsert.addBindValue(failed ? QStringLiteral("failed")
                                            : QStringLiteral("succeeded"));
            queryInsert.addBindValue(failed ? 0 : size.resources / size.pulls / 2);
            queryInsert.addBindValue(failed ? QVariant(500) : QVariant(QMetaType::fromType<int>()));
            queryInsert.addBindValue(failed ? QVariant(QStringLiteral("HTTP 500: unavailable"))
                                            : QVariant(QMetaType::fromType<QString>()));
            exec(queryInsert);
        }
    }
    query.prepare(QStringLiteral(
        "INSERT INTO resources (connection_id, resource_type, fhir_id, version, content_hash, "
        "content, first_pull_id, changed_pull_id, last_pull_id, stored_at) "
        "VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?)"));
    const QStringList types{QStringLiteral("Observation"), QStringLiteral("Condition"),
                            QStringLiteral("Encounter"), QStringLiteral("Procedure")};
    for (int i = 0; i < size.resources; ++i) {
        const int connectionId = 1 + i % connections;
        const QString &type = types.at(i % types.size());
        const QString id = QStringLiteral("r%1").arg(i);
        query.addBindValue(connectionId);
        query.addBindValue(type);
        query.addBindValue(id);
        query.addBindValue(QByteArray(32, char(i % 251)));
        query.addBindValue(QStringLiteral("{\"resourceType\":\"%1\",\"id\":\"%2\",\"status\":"
                                          "\"final\",\"subject\":{\"reference\":\"Patient/%3\"},"
                                          "\"valueQuantity\":{\"value\":%4,\"unit\":\"mg/dL\"}}")
                               .arg(type, id)
                               .arg(connectionId)
                               .arg(i % 300)
                               .toUtf8());
        query.addBindValue(1 + i % size.pulls);
        query.addBindValue(1 + i % size.pulls);
        query.addBindValue(1 + i % size.pulls);
        query.addBindValue(now);
        exec(query);
    }
    transaction.commit();
}

double elapsedMs(const QElapsedTimer &timer) {
    return timer.nsecsElapsed() / 1e6;
}

} // namespace

int main(int argc, char *argv[]) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("medpull-bench"));
    QSettings().clear();

    QCommandLineParser parser;
    parser.addOption({QStringLiteral("full"),
                      QStringLiteral("10,000 patients, 100,000 pulls, 1,000,000 resources")});
    parser.process(app);
    Size size;
    if (parser.isSet(QStringLiteral("full")))
        size = {10000, 100000, 1000000};

    const QString location = QDir(QCoreApplication::applicationDirPath())
                                 .filePath(QStringLiteral("bench_ui-%1-%2-%3.sqlite")
                                               .arg(size.patients)
                                               .arg(size.pulls)
                                               .arg(size.resources));
    // A cache written by an older schema is generated again.
    if (QFileInfo::exists(location)) {
        try {
            const auto cached = Database::open(location);
            SourceRepository(*cached).list();
            PatientRepository(*cached).summary(1);
            cached->closeThreadConnection();
        } catch (const StoreError &error) {
            std::printf("regenerating the cache: %s\n", qPrintable(error.message()));
            for (const QString &suffix :
                 {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
                QFile::remove(location + suffix);
        }
    }
    QElapsedTimer timer;
    if (!QFileInfo::exists(location)) {
        timer.start();
        const auto db = Database::open(location + QStringLiteral(".part"));
        generate(*db, size);
        db->closeThreadConnection();
        QFile::rename(location + QStringLiteral(".part"), location);
        std::printf("generated %s in %.1f s\n", qPrintable(location), timer.elapsed() / 1000.0);
        std::fflush(stdout);
    }
    std::shared_ptr<const Database> database = Database::open(location);
    std::printf("bench_ui: %d patients, %d pulls, %d resources (SQLite)\n", size.patients,
                size.pulls, size.resources);

    StallWatchdog watchdog;
    watchdog.start();

    // Show the window: construction, first paint, and the list filled.
    timer.restart();
    MainWindow window;
    window.resize(1400, 860);
    QSignalSpy loaded(&window, &MainWindow::patientsLoaded);
    QSignalSpy inboxCounted(window.inbox(), &InboxView::countChanged);
    window.openDatabase(database, location);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        qFatal("bench_ui: the window was not shown");
    const double shown = elapsedMs(timer);
    if (loaded.isEmpty() && !loaded.wait(60000))
        qFatal("bench_ui: the patient list did not load: %s",
               qPrintable(window.statusBar()->currentMessage()));
    QCoreApplication::processEvents();
    const double listed = elapsedMs(timer);
    if (window.patientModel()->rowCount() != size.patients)
        qFatal("bench_ui: %d patients listed", window.patientModel()->rowCount());
    if (inboxCounted.isEmpty() && !inboxCounted.wait(60000))
        qFatal("bench_ui: the attention inbox did not load");
    const double inboxed = elapsedMs(timer);
    const int attention = window.inbox()->count();

    // The inbox again, as after an engine event.
    inboxCounted.clear();
    timer.restart();
    window.inbox()->scheduleRefresh();
    if (!inboxCounted.wait(60000))
        qFatal("bench_ui: the attention inbox did not reload");
    const double reloaded = elapsedMs(timer);

    // Filter: each keystroke re-filters synchronously on the GUI thread.
    double worstKey = 0;
    double allKeys = 0;
    const QString typed = QStringLiteral("patient 42");
    for (const QChar c : typed) {
        timer.restart();
        QTest::keyClick(window.searchField(), c.toLatin1());
        QCoreApplication::processEvents();
        const double ms = elapsedMs(timer);
        worstKey = qMax(worstKey, ms);
        allKeys += ms;
    }
    const int matches = window.patientFilter()->rowCount();
    timer.restart();
    window.searchField()->clear();
    QCoreApplication::processEvents();
    const double cleared = elapsedMs(timer);

    // Open a patient's page: accounts, events, counts, charts and the first
    // page of pulls, all loaded on the loader thread.
    const qint64 patientId = size.patients / 2;
    PatientPage *page = window.patientPage();
    QSignalSpy detail(page, &PatientPage::detailShown);
    QSignalSpy pulls(page->pullModel(), &PullHistoryModel::loaded);
    timer.restart();
    window.selectPatient(patientId);
    if ((detail.isEmpty() && !detail.wait(30000)) || (pulls.isEmpty() && !pulls.wait(30000)))
        qFatal("bench_ui: the patient page did not load: %s",
               qPrintable(window.statusBar()->currentMessage()));
    QCoreApplication::processEvents();
    const double opened = elapsedMs(timer);

    // Another patient right after: the page is warm.
    detail.clear();
    pulls.clear();
    timer.restart();
    window.selectPatient(patientId + 1);
    if ((detail.isEmpty() && !detail.wait(30000)) || (pulls.isEmpty() && !pulls.wait(30000)))
        qFatal("bench_ui: the patient page did not load: %s",
               qPrintable(window.statusBar()->currentMessage()));
    QCoreApplication::processEvents();
    const double openedAgain = elapsedMs(timer);

    std::printf("  window shown (first paint)          %8.1f ms\n", shown);
    std::printf("  patient list filled (%5d rows)     %8.1f ms\n", size.patients, listed);
    std::printf("  attention inbox filled (%5d rows)  %8.1f ms\n", attention, inboxed);
    std::printf("  attention inbox reloaded            %8.1f ms  (most of it the 250 ms coalescing "
                "delay)\n",
                reloaded);
    std::printf("  filter, per keystroke (worst)       %8.1f ms  (%d keys, %.1f ms total, %d "
                "matches)\n",
                worstKey, int(typed.size()), allKeys, matches);
    std::printf("  filter cleared                      %8.1f ms\n", cleared);
    std::printf("  patient page opened                 %8.1f ms\n", opened);
    std::printf("  next patient page opened            %8.1f ms\n", openedAgain);
    std::printf("  longest GUI-thread stall            %8lld ms (%d over 50 ms)\n",
                static_cast<long long>(watchdog.longestStallMs()), watchdog.stallCount());
    return 0;
}
