// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// medpull-cli against what does not fit: a 200 MB page from a server, and a
// delivery too large to finish before `run --max-seconds` ends. Real
// processes, a real sandbox for the accounts, a loopback server for the page.

#include "childprocess.h"
#include "connectionrepository.h"
#include "database.h"
#include "deliveryrepository.h"
#include "destinationrepository.h"
#include "patientrepository.h"
#include "pullrepository.h"
#include "resourcerepository.h"
#include "sandboxprocess.h"
#include "sourcerepository.h"
#include "transaction.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>

using namespace medpull;
using namespace medpull::test;

namespace {

Run cli(const QStringList &arguments, int timeoutMs = 120000) {
    return runProcess(QStringLiteral(MEDPULL_CLI_EXECUTABLE), arguments, cliEnvironment(),
                      timeoutMs);
}

const QStringList sandboxArguments{"--patients", "1", "--resources-per-patient", "10", "--calm"};

// A FHIR server whose first answer is a 200 MB searchset, streamed without a
// Content-Length as fast as the client reads it; every other answer is an
// empty searchset.
class HugePageServer : public QObject {
public:
    HugePageServer() {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { answer(socket); });
        });
    }
    QString base() const {
        return QStringLiteral("http://127.0.0.1:%1/fhir").arg(m_server.serverPort());
    }
    qint64 hugeBytesSent() const { return m_sent; }

private:
    void answer(QTcpSocket *socket) {
        const QByteArray request = socket->readAll();
        if (!request.startsWith("GET "))
            return;
        if (m_hugeSent) {
            const QByteArray empty = R"({"resourceType":"Bundle","type":"searchset","total":0})";
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\n"
                          "Content-Length: " +
                          QByteArray::number(empty.size()) + "\r\n\r\n" + empty);
            return;
        }
        m_hugeSent = true;
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\n"
                      "Connection: close\r\n\r\n{\"resourceType\":\"Bundle\",\"type\":"
                      "\"searchset\",\"entry\":[");
        QByteArray entry =
            R"({"resource":{"resourceType":"Observation","id":"o","note":[{"text":")" +
            QByteArray(900, 'x') + R"("}]}},)";
        QByteArray chunk;
        while (chunk.size() < 256 * 1024)
            chunk += entry;
        const qint64 total = 200LL * 1024 * 1024;
        auto more = [this, socket, chunk, total] {
            while (m_sent < total && socket->bytesToWrite() < 1024 * 1024 &&
                   socket->state() == QAbstractSocket::ConnectedState) {
                socket->write(chunk);
                m_sent += chunk.size();
            }
            if (m_sent >= total)
                socket->disconnectFromHost();
        };
        connect(socket, &QTcpSocket::bytesWritten, this, more);
        more();
    }

    QTcpServer m_server;
    bool m_hugeSent = false;
    qint64 m_sent = 0;
};

qint64 childrenPeakRssKb() {
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    return usage.ru_maxrss;
}

// A settled pull of `total` resources over five types, and an NDJSON folder
// destination for it, stored as the engine stores them.
void storeBigPull(const QString &location, int total, const QString &folder) {
    const auto db = Database::open(location);
    const Patient patient = PatientRepository(*db).add(QStringLiteral("Big"));
    Source source;
    source.name = QStringLiteral("big");
    source.fhirBase = QUrl(QStringLiteral("http://127.0.0.1:9/fhir"));
    source.clientId = QStringLiteral("medpull");
    source = SourceRepository(*db).add(source);
    const Connection connection =
        ConnectionRepository(*db).add(patient.id, source.id, ConnectionState::Active);
    PullRepository pulls(*db);
    const qint64 pull = pulls.enqueue(connection.id, PullTrigger::Manual).id;
    const QStringList types{"Observation", "Condition", "Encounter", "Procedure", "Immunization"};
    ResourceRepository resources(*db);
    for (int start = 0; start < total; start += 1000) {
        QList<IncomingResource> page;
        for (int i = start; i < qMin(total, start + 1000); ++i) {
            const QString &type = types.at(i % types.size());
            page.append(
                {type, QStringLiteral("r-%1").arg(i),
                 QStringLiteral(R"({"resourceType":"%1","id":"r-%2","note":[{"text":"%3"}]})")
                     .arg(type)
                     .arg(i)
                     .arg(QString(800, QLatin1Char('x')))
                     .toUtf8()});
        }
        Transaction transaction(*db);
        resources.store(connection.id, pull, page);
        transaction.commit();
    }
    pulls.settle(pull, PullStatus::Succeeded);
    ExportDestination destination;
    destination.name = QStringLiteral("folder");
    destination.kind = DestinationKind::NdjsonFolder;
    destination.config = QJsonObject{{QStringLiteral("path"), folder}};
    DestinationRepository(*db).add(destination);
}

} // namespace

class TestCliLimits : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void hugePageIsRefusedInBoundedMemory();
    void maxSecondsInterruptsADelivery();
    void longRetryAfterSchedulesTheQuery();

private:
    QTemporaryDir m_dir;
};

void TestCliLimits::hugePageIsRefusedInBoundedMemory() {
    SandboxProcess sandbox(QStringLiteral(MEDPULL_SANDBOX_EXECUTABLE), sandboxArguments);
    QVERIFY(sandbox.isRunning());
    const QString path = m_dir.filePath(QStringLiteral("huge.sqlite"));
    const Run seeded =
        cli({"--db", path, "demo-seed", "--sandbox", sandbox.adminUrl(), "--patients", "1"});
    QVERIFY2(seeded.exitCode == 0, seeded.err.constData());

    // Every portal's FHIR base now points at the hostile server; the accounts
    // and their tokens stay as the sandbox issued them.
    HugePageServer server;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "rewrite");
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(QStringLiteral("UPDATE sources SET fhir_base = '%1', "
                                          "patient_everything = 0")
                               .arg(server.base())));
        query = QSqlQuery();
        db.close();
    }
    QSqlDatabase::removeDatabase("rewrite");

    const Run run = cli({"--db", path, "run", "--until-idle", "--max-seconds", "90"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const qint64 peakKb = childrenPeakRssKb();
    qInfo("a 200 MB page: %lld MB sent before the refusal, medpull-cli run peaked at %lld MB",
          server.hugeBytesSent() / (1024 * 1024), peakKb / 1024);
    QVERIFY2(peakKb < 150 * 1024, qPrintable(QString::number(peakKb / 1024)));
    QVERIFY(server.hugeBytesSent() < 200LL * 1024 * 1024);

    const Run status = cli({"--db", path, "status", "--patient", "1", "--json"});
    QCOMPARE(status.exitCode, 0);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "check");
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(
            query.exec(QStringLiteral("SELECT error FROM pull_queries WHERE error IS NOT NULL")));
        QStringList errors;
        while (query.next())
            errors.append(query.value(0).toString());
        // The huge answer's query, and only it, failed as too large.
        const QStringList tooLarge =
            errors.filter(QStringLiteral("\"code\":\"fhir_response_too_large\""));
        QVERIFY2(tooLarge.size() == 1 && tooLarge.first().contains(QStringLiteral("\"64\"")),
                 qPrintable(errors.join(QLatin1Char('\n'))));
        QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM resources")) && query.next());
        QCOMPARE(query.value(0).toInt(), 0);
        query = QSqlQuery();
        db.close();
    }
    QSqlDatabase::removeDatabase("check");
}

void TestCliLimits::maxSecondsInterruptsADelivery() {
    const QString path = m_dir.filePath(QStringLiteral("big.sqlite"));
    const QString folder = m_dir.filePath(QStringLiteral("export"));
    QVERIFY(QDir().mkpath(folder));
    constexpr int total = 300000;
    storeBigPull(path, total, folder);

    const Run run = cli({"--db", path, "run", "--max-seconds", "2"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    qInfo("run --max-seconds 2 exited after %lld ms", run.elapsedMs);
    QVERIFY2(run.elapsedMs < 2000 + 8000, qPrintable(QString::number(run.elapsedMs)));
    const QString manifest = QDir(folder).filePath(QStringLiteral("pull-00000001/manifest.json"));
    QVERIFY2(!QFileInfo::exists(manifest), "the delivery finished before the deadline");
    {
        const auto db = Database::open(path);
        const QList<Delivery> deliveries = DeliveryRepository(*db).forDestination(1);
        QCOMPARE(deliveries.size(), 1);
        // Handed back for later, the attempt not counted.
        QCOMPARE(deliveries.first().status, DeliveryStatus::Pending);
        QCOMPARE(deliveries.first().attempts, 0);
    }

    const Run deliver = cli({"--db", path, "destinations", "deliver", "--timeout", "100"});
    QVERIFY2(deliver.exitCode == 0, deliver.err.constData());
    QFile file(manifest);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(file.readAll())[QStringLiteral("total")].toInteger(), total);
}

// A Retry-After beyond the cap (10 min) is not slept through: the query
// fails at once and its next attempt is the time the server named, not the
// backoff's first minute.
void TestCliLimits::longRetryAfterSchedulesTheQuery() {
    SandboxProcess sandbox(QStringLiteral(MEDPULL_SANDBOX_EXECUTABLE), sandboxArguments);
    QVERIFY(sandbox.isRunning());
    const QString path = m_dir.filePath(QStringLiteral("retry.sqlite"));
    const Run seeded =
        cli({"--db", path, "demo-seed", "--sandbox", sandbox.adminUrl(), "--patients", "1"});
    QVERIFY2(seeded.exitCode == 0, seeded.err.constData());
    QVERIFY(sandbox.setFaults("all:rate-limit=1;all:retry-after=7200"));
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    const Run run = cli({"--db", path, "run", "--until-idle", "--max-seconds", "60"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.elapsedMs < 60000, qPrintable(QString::number(run.elapsedMs)));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "retry");
    db.setDatabaseName(path);
    QVERIFY(db.open());
    {
        QSqlQuery query(db);
        QVERIFY(query.exec(
            QStringLiteral("SELECT next_attempt_at FROM pull_queries WHERE http_status = 429")));
        int limited = 0;
        while (query.next()) {
            ++limited;
            QVERIFY2(query.value(0).toLongLong() >= before + 7100 * 1000LL,
                     qPrintable(QString::number((query.value(0).toLongLong() - before) / 1000)));
        }
        QVERIFY(limited > 0);
    }
    // The status text names each limited query's HTTP status once, not
    // beside an error text that already begins with it.
    const Run status = cli({"--db", path, "status", "--patient", "1"});
    QCOMPARE(status.exitCode, 0);
    const QList<QByteArray> limitedLines = [&] {
        QList<QByteArray> lines;
        for (const QByteArray &line : status.out.split('\n'))
            if (line.contains("HTTP 429"))
                lines.append(line);
        return lines;
    }();
    QVERIFY2(!limitedLines.isEmpty(), status.out.constData());
    for (const QByteArray &line : limitedLines)
        QVERIFY2(line.count("HTTP 429") == 1, line.constData());
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase("retry");
}

QTEST_GUILESS_MAIN(TestCliLimits)
#include "tst_clilimits.moc"
