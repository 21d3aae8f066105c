// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The S3 destination: SigV4 against the AWS test-suite vectors, and
// deliveries to a real S3-compatible server (s3rver, checking signatures)
// over loopback: multipart uploads, retried deliveries, a wrong secret,
// NDJSON that parses line by line, gzip.

#include "awssigv4.h"
#include "connectionrepository.h"
#include "database.h"
#include "deliveryjob.h"
#include "deliveryrepository.h"
#include "deliverystore.h"
#include "destinationrepository.h"
#include "destinationtester.h"
#include "errorcode.h"
#include "exporter.h"
#include "patientrepository.h"
#include "pullrepository.h"
#include "resourcerepository.h"
#include "s3client.h"
#include "s3deliveryjob.h"
#include "s3rver.h"
#include "testsupport.h"
#include "transaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QXmlStreamReader>

#include <zlib.h>

using namespace medpull;
using namespace medpull::test;

namespace {

const QString bucket = QStringLiteral("medpull-test");

IncomingResource resource(const QString &type, const QString &id, const QString &value) {
    const QJsonObject json{{QStringLiteral("resourceType"), type},
                           {QStringLiteral("id"), id},
                           {QStringLiteral("valueString"), value}};
    return {type, id, QJsonDocument(json).toJson(QJsonDocument::Compact)};
}

QByteArray gunzip(const QByteArray &data) {
    z_stream zip{};
    if (inflateInit2(&zip, 15 + 16) != Z_OK)
        return {};
    zip.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    zip.avail_in = uInt(data.size());
    QByteArray out;
    char chunk[64 * 1024];
    int result = Z_OK;
    while (result == Z_OK) {
        zip.next_out = reinterpret_cast<Bytef *>(chunk);
        zip.avail_out = sizeof chunk;
        result = inflate(&zip, Z_NO_FLUSH);
        out.append(chunk, qsizetype(sizeof chunk - zip.avail_out));
    }
    inflateEnd(&zip);
    return result == Z_STREAM_END ? out : QByteArray();
}

struct Fixture {
    QTemporaryDir dir;
    std::shared_ptr<Database> db;
    Connection connection;
    QNetworkAccessManager network;

    Fixture()
        : db(Database::open(freshLocation(Backend::Sqlite, dir))) {
        const Patient patient =
            PatientRepository(*db).add(QStringLiteral("Ada Lovelace"), QStringLiteral("A-1"));
        const Source source = addUnreachableSource(*db);
        connection = ConnectionRepository(*db).add(patient.id, source.id, ConnectionState::Active);
    }

    Pull settledPull(const QList<IncomingResource> &page) {
        PullRepository pulls(*db);
        const Pull pull = pulls.enqueue(connection.id, PullTrigger::Manual);
        Transaction transaction(*db);
        ResourceRepository(*db).store(connection.id, pull.id, page);
        transaction.commit();
        pulls.settle(pull.id, PullStatus::Succeeded);
        return *pulls.get(pull.id);
    }

    ExportDestination destination(const QUrl &endpoint, const QJsonObject &extra = {}) {
        QJsonObject config{
            {QStringLiteral("endpoint"), endpoint.toString()},
            {QStringLiteral("bucket"), bucket},
            {QStringLiteral("prefix"), QStringLiteral("exports/ehr")},
            {QStringLiteral("region"), QStringLiteral("us-east-1")},
            {QStringLiteral("addressing"), QStringLiteral("path")},
            {QStringLiteral("accessKeyId"), QString::fromLatin1(S3rver::accessKeyId)},
            {QStringLiteral("secretAccessKey"), QString::fromLatin1(S3rver::secretAccessKey)}};
        for (auto it = extra.begin(); it != extra.end(); ++it)
            config.insert(it.key(), it.value());
        ExportDestination destination;
        destination.name = QStringLiteral("lake");
        destination.kind = DestinationKind::S3;
        destination.config = config;
        return destination;
    }

    // One delivery attempt of `pull` to `destination`, as the exporter makes it.
    DeliveryResult deliver(const ExportDestination &destination, const Pull &pull,
                           int *parts = nullptr) {
        Delivery delivery;
        delivery.id = 1;
        delivery.pullId = pull.id;
        DeliveryJob *job = DeliveryJob::create(
            *db, &network, {delivery, destination, *DeliveryStore(*db).context(pull.id)});
        QSignalSpy finished(job, &DeliveryJob::finished);
        job->start();
        if (!finished.wait(60000))
            return {};
        if (parts)
            *parts = static_cast<S3DeliveryJob *>(job)->partsUploaded();
        delete job;
        return finished.first().at(0).value<DeliveryResult>();
    }

    // A signed S3 GET, as a reader of the bucket makes it.
    QByteArray get(const ExportDestination &destination, const QString &key,
                   const QList<QPair<QString, QString>> &query = {}, int *status = nullptr) {
        const DestinationConfig config = DestinationConfig::fromJson(destination.config);
        const S3Client client(&network, config);
        QNetworkRequest request(client.objectUrl(key, query));
        AwsSigV4::sign(request, "GET", AwsSigV4::sha256Hex({}),
                       {config.accessKeyId.toUtf8(), config.secretAccessKey.toUtf8(), config.region,
                        QStringLiteral("s3")});
        QNetworkReply *reply = network.get(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        finished.wait(30000);
        reply->deleteLater();
        if (status)
            *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        return reply->readAll();
    }

    // Every key in the bucket under `prefix` (ListObjectsV2).
    QStringList keys(const ExportDestination &destination, const QString &prefix) {
        QStringList found;
        const QByteArray xml = get(destination, QString(),
                                   {{QStringLiteral("list-type"), QStringLiteral("2")},
                                    {QStringLiteral("prefix"), prefix}});
        QXmlStreamReader reader(xml);
        while (!reader.atEnd()) {
            if (reader.readNext() == QXmlStreamReader::StartElement &&
                reader.name() == QLatin1String("Key"))
                found.append(reader.readElementText());
        }
        return found;
    }
};

} // namespace

class TestS3 : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<medpull::DeliveryResult>(); }

    // The AWS Signature Version 4 test suite (credentials AKIDEXAMPLE, region
    // us-east-1, service "service", 2015-08-30T12:36:00Z), and the S3 guide's
    // GET Object example.
    void signsLikeTheAwsTestSuite_data() {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QUrl>("url");
        QTest::addColumn<QList<QByteArray>>("headers"); // name, value, name, value ...
        QTest::addColumn<QString>("service");
        QTest::addColumn<QByteArray>("accessKey");
        QTest::addColumn<QByteArray>("secret");
        QTest::addColumn<QDateTime>("at");
        QTest::addColumn<QByteArray>("payloadHash");
        QTest::addColumn<QByteArray>("expected");

        const QByteArray suiteKey = "AKIDEXAMPLE";
        const QByteArray suiteSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        const QDateTime suiteTime(QDate(2015, 8, 30), QTime(12, 36), Qt::UTC);
        const QByteArray empty = AwsSigV4::sha256Hex({});
        const QByteArray scope = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/"
                                 "service/aws4_request, ";
        const QList<QByteArray> host{"Host", "example.amazonaws.com", "X-Amz-Date",
                                     "20150830T123600Z"};
        QTest::newRow("get-vanilla")
            << QByteArray("GET") << QUrl("https://example.amazonaws.com/") << host << "service"
            << suiteKey << suiteSecret << suiteTime << empty
            << scope + "SignedHeaders=host;x-amz-date, "
                       "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
        QTest::newRow("post-vanilla")
            << QByteArray("POST") << QUrl("https://example.amazonaws.com/") << host << "service"
            << suiteKey << suiteSecret << suiteTime << empty
            << scope + "SignedHeaders=host;x-amz-date, "
                       "Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b";
        QTest::newRow("get-vanilla-query-order-key-case")
            << QByteArray("GET")
            << QUrl("https://example.amazonaws.com/?Param2=value2&Param1=value1") << host
            << "service" << suiteKey << suiteSecret << suiteTime << empty
            << scope + "SignedHeaders=host;x-amz-date, "
                       "Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500";
        QTest::newRow("get-unreserved")
            << QByteArray("GET")
            << QUrl("https://example.amazonaws.com/"
                    "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
            << host << "service" << suiteKey << suiteSecret << suiteTime << empty
            << scope + "SignedHeaders=host;x-amz-date, "
                       "Signature=07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f";
        QTest::newRow("post-header-value-case")
            << QByteArray("POST") << QUrl("https://example.amazonaws.com/")
            << host + QList<QByteArray>{"My-Header1", "VALUE1"} << "service" << suiteKey
            << suiteSecret << suiteTime << empty
            << scope + "SignedHeaders=host;my-header1;x-amz-date, "
                       "Signature=cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d";
        QTest::newRow("get-header-value-trim")
            << QByteArray("GET") << QUrl("https://example.amazonaws.com/")
            << host + QList<QByteArray>{"My-Header1", " value1", "My-Header2", "\"a   b   c\""}
            << "service" << suiteKey << suiteSecret << suiteTime << empty
            << scope + "SignedHeaders=host;my-header1;my-header2;x-amz-date, "
                       "Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736";
        QTest::newRow("s3 GET Object with a range")
            << QByteArray("GET") << QUrl("https://examplebucket.s3.amazonaws.com/test.txt")
            << QList<QByteArray>{"Host",
                                 "examplebucket.s3.amazonaws.com",
                                 "Range",
                                 "bytes=0-9",
                                 "x-amz-content-sha256",
                                 empty,
                                 "x-amz-date",
                                 "20130524T000000Z"}
            << "s3" << QByteArray("AKIAIOSFODNN7EXAMPLE")
            << QByteArray("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
            << QDateTime(QDate(2013, 5, 24), QTime(0, 0), Qt::UTC) << empty
            << QByteArray("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/"
                          "s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;"
                          "x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48d"
                          "d91039c6036bdb41");
    }
    void signsLikeTheAwsTestSuite() {
        QFETCH(QByteArray, method);
        QFETCH(QUrl, url);
        QFETCH(QList<QByteArray>, headers);
        QFETCH(QString, service);
        QFETCH(QByteArray, accessKey);
        QFETCH(QByteArray, secret);
        QFETCH(QDateTime, at);
        QFETCH(QByteArray, payloadHash);
        QFETCH(QByteArray, expected);
        AwsSigV4::Request request{method, url, {}, payloadHash};
        for (qsizetype i = 0; i + 1 < headers.size(); i += 2)
            request.headers.append(qMakePair(headers.at(i), headers.at(i + 1)));
        const AwsSigV4::Credentials credentials{accessKey, secret, QStringLiteral("us-east-1"),
                                                service};
        QCOMPARE(AwsSigV4::authorization(request, credentials, at), expected);
    }

    // The suite's intermediate steps for get-vanilla.
    void canonicalRequestAndStringToSign() {
        const AwsSigV4::Request request{
            "GET",
            QUrl("https://example.amazonaws.com/"),
            {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}},
            AwsSigV4::sha256Hex({})};
        QCOMPARE(AwsSigV4::canonicalRequest(request),
                 QByteArray("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                            "host;x-amz-date\n"
                            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(AwsSigV4::stringToSign(request,
                                        {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                         QStringLiteral("us-east-1"), QStringLiteral("service")},
                                        QDateTime(QDate(2015, 8, 30), QTime(12, 36), Qt::UTC)),
                 QByteArray("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/"
                            "aws4_request\n"
                            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"));
    }

    void objectUrlsPathStyleAndVirtualHosted() {
        DestinationConfig config;
        config.endpoint = QUrl(QStringLiteral("https://s3.eu-central-1.amazonaws.com"));
        config.bucket = QStringLiteral("lake");
        QNetworkAccessManager network;
        const QString key = QStringLiteral("exports/pull-00000007/Observation.ndjson");
        QCOMPARE(S3Client(&network, config).objectUrl(key).toString(),
                 QStringLiteral("https://lake.s3.eu-central-1.amazonaws.com/exports/pull-00000007/"
                                "Observation.ndjson"));
        config.pathStyle = true;
        QCOMPARE(S3Client(&network, config)
                     .objectUrl(key, {{QStringLiteral("uploadId"), QStringLiteral("a/b+c")}})
                     .toString(QUrl::FullyEncoded),
                 QStringLiteral("https://s3.eu-central-1.amazonaws.com/lake/exports/pull-00000007/"
                                "Observation.ndjson?uploadId=a%2Fb%2Bc"));
    }

    void deliversAPullWithMultipartObjects() {
        S3rver server(bucket);
        QVERIFY2(server.error().isEmpty(), qPrintable(server.error()));
        Fixture f;
        // One Observation far over the multipart limit, many small ones, and
        // a few Conditions under it.
        QList<IncomingResource> page;
        page.append(resource(QStringLiteral("Observation"), QStringLiteral("huge"),
                             QString(300 * 1024, QLatin1Char('x'))));
        for (int i = 0; i < 400; ++i)
            page.append(resource(QStringLiteral("Observation"), QStringLiteral("obs-%1").arg(i),
                                 QStringLiteral("value %1").arg(i)));
        for (int i = 0; i < 5; ++i)
            page.append(resource(QStringLiteral("Condition"), QStringLiteral("cond-%1").arg(i),
                                 QStringLiteral("c")));
        const Pull pull = f.settledPull(page);
        const ExportDestination destination = f.destination(
            server.endpoint(), {{QStringLiteral("multipartThresholdBytes"), 64 * 1024}});

        int parts = 0;
        const DeliveryResult result = f.deliver(destination, pull, &parts);
        QVERIFY2(result.ok, qPrintable(errorText(result.error)));
        QCOMPARE(result.sent, 406);
        // 300 KiB and more in parts of 64 KiB.
        QVERIFY2(parts >= 5, qPrintable(QString::number(parts)));

        const QString folder =
            QStringLiteral("exports/ehr/pull-%1/").arg(pull.id, 8, 10, QLatin1Char('0'));
        QStringList keys = f.keys(destination, folder);
        keys.sort();
        QCOMPARE(keys, (QStringList{folder + QStringLiteral("Condition.ndjson"),
                                    folder + QStringLiteral("Observation.ndjson"),
                                    folder + QStringLiteral("manifest.json")}));

        // Each line parses on its own and is exactly the stored resource.
        QMap<QString, QByteArray> stored;
        ResourceRepository(*f.db).forEachChangedInPull(pull.id, [&](const StoredResource &r) {
            stored.insert(r.resourceType + QLatin1Char('/') + r.fhirId, r.content);
        });
        QMap<QString, QByteArray> read;
        for (const QString &type : {QStringLiteral("Observation"), QStringLiteral("Condition")}) {
            const QByteArray body = f.get(destination, folder + type + QStringLiteral(".ndjson"));
            QVERIFY(body.endsWith('\n'));
            for (const QByteArray &line : body.split('\n')) {
                if (line.isEmpty())
                    continue;
                QJsonParseError error;
                const QJsonObject object = QJsonDocument::fromJson(line, &error).object();
                QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
                QCOMPARE(object.value(QStringLiteral("resourceType")).toString(), type);
                const QString key =
                    type + QLatin1Char('/') + object[QStringLiteral("id")].toString();
                QVERIFY(!read.contains(key));
                read.insert(key, line);
            }
        }
        QCOMPARE(read, stored);

        const QJsonObject manifest =
            QJsonDocument::fromJson(f.get(destination, folder + QStringLiteral("manifest.json")))
                .object();
        QCOMPARE(manifest[QStringLiteral("pull")].toInteger(), pull.id);
        QCOMPARE(manifest[QStringLiteral("total")].toInt(), 406);
        QCOMPARE(manifest[QStringLiteral("counts")][QStringLiteral("Observation")].toInt(), 401);
        QCOMPARE(manifest[QStringLiteral("files")].toArray().size(), 2);
        QCOMPARE(manifest[QStringLiteral("patient")][QStringLiteral("displayName")].toString(),
                 QStringLiteral("Ada Lovelace"));

        // Delivered again (a retry): the same keys, overwritten.
        QVERIFY(f.deliver(destination, pull).ok);
        QStringList again = f.keys(destination, folder);
        again.sort();
        QCOMPARE(again, keys);
        QCOMPARE(f.keys(destination, QStringLiteral("exports/")).size(), 3);
    }

    void gzipObjectsDecompressToTheSameNdjson() {
        S3rver server(bucket);
        QVERIFY2(server.error().isEmpty(), qPrintable(server.error()));
        Fixture f;
        QList<IncomingResource> page;
        for (int i = 0; i < 3000; ++i)
            page.append(
                resource(QStringLiteral("Observation"), QStringLiteral("o%1").arg(i),
                         QString::fromLatin1(QCryptographicHash::hash(QByteArray::number(i),
                                                                      QCryptographicHash::Sha256)
                                                 .toHex())));
        const Pull pull = f.settledPull(page);
        const ExportDestination destination = f.destination(
            server.endpoint(), {{QStringLiteral("compression"), QStringLiteral("gzip")},
                                {QStringLiteral("multipartThresholdBytes"), 8 * 1024}});
        int parts = 0;
        const DeliveryResult result = f.deliver(destination, pull, &parts);
        QVERIFY2(result.ok, qPrintable(errorText(result.error)));
        QVERIFY(parts >= 2);
        const QString key = QStringLiteral("exports/ehr/pull-%1/Observation.ndjson.gz")
                                .arg(pull.id, 8, 10, QLatin1Char('0'));
        const QByteArray compressed = f.get(destination, key);
        const QByteArray ndjson = gunzip(compressed);
        QVERIFY(!ndjson.isEmpty());
        QVERIFY(compressed.size() < ndjson.size());
        const QList<QByteArray> lines = ndjson.trimmed().split('\n');
        QCOMPARE(lines.size(), 3000);
        for (const QByteArray &line : lines)
            QVERIFY(QJsonDocument::fromJson(line).isObject());
    }

    void wrongSecretIsAClearFailure() {
        S3rver server(bucket);
        QVERIFY2(server.error().isEmpty(), qPrintable(server.error()));
        Fixture f;
        const Pull pull = f.settledPull(
            {resource(QStringLiteral("Patient"), QStringLiteral("p1"), QStringLiteral("x"))});
        const ExportDestination wrong =
            f.destination(server.endpoint(),
                          {{QStringLiteral("secretAccessKey"), QStringLiteral("not-the-secret")}});

        const DeliveryResult result = f.deliver(wrong, pull);
        QVERIFY(!result.ok);
        QCOMPARE(result.httpStatus, 403);
        const QString text = errorText(result.error);
        QVERIFY2(text.contains(QStringLiteral("SignatureDoesNotMatch")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("not-the-secret")), qPrintable(text));
        QVERIFY(f.keys(f.destination(server.endpoint()), QStringLiteral("exports/")).isEmpty());

        // The connection test says the same before anything is saved.
        DestinationTester tester(&f.network);
        QSignalSpy tested(&tester, &DestinationTester::finished);
        tester.test(wrong);
        QVERIFY(tested.wait(30000));
        QCOMPARE(tested.first().at(0).toBool(), false);
        QVERIFY2(tested.first().at(1).toString().contains(QStringLiteral("SignatureDoesNotMatch")),
                 qPrintable(tested.first().at(1).toString()));
        tester.test(f.destination(server.endpoint()));
        QVERIFY(tested.wait(30000));
        QVERIFY2(tested.last().at(0).toBool(), qPrintable(tested.last().at(1).toString()));
        // The test object is gone again.
        QVERIFY(f.keys(f.destination(server.endpoint()), QString()).isEmpty());

        // And a bucket that does not exist names S3's code.
        tester.test(f.destination(server.endpoint(),
                                  {{QStringLiteral("bucket"), QStringLiteral("no-such-bucket")}}));
        QVERIFY(tested.wait(30000));
        QVERIFY2(tested.last().at(1).toString().contains(QStringLiteral("NoSuchBucket")),
                 qPrintable(tested.last().at(1).toString()));
    }

    // Through the exporter, as the engine runs it: a failed attempt, then a
    // retry after the secret is fixed lands in the same keys.
    void exporterRetriesIntoTheSameKeys() {
        S3rver server(bucket);
        QVERIFY2(server.error().isEmpty(), qPrintable(server.error()));
        Fixture f;
        f.settledPull(
            {resource(QStringLiteral("Patient"), QStringLiteral("p1"), QStringLiteral("x")),
             resource(QStringLiteral("Observation"), QStringLiteral("o1"), QStringLiteral("y"))});
        const ExportDestination wrong = DestinationRepository(*f.db).add(f.destination(
            server.endpoint(), {{QStringLiteral("secretAccessKey"), QStringLiteral("typo")}}));
        Exporter exporter(f.db, QStringLiteral("test"));
        exporter.setPollInterval(50);
        exporter.setBackoffSchedule({3600});
        exporter.start();
        const auto delivery = [&] {
            return DeliveryRepository(*f.db).forDestination(wrong.id).value(0);
        };
        QTRY_VERIFY_WITH_TIMEOUT(
            delivery().attempts == 1 && delivery().status == DeliveryStatus::Pending, 20000);
        QVERIFY2(errorText(delivery().lastError).contains(QStringLiteral("SignatureDoesNotMatch")),
                 qPrintable(errorText(delivery().lastError)));
        ExportDestination fixed = *DestinationRepository(*f.db).get(wrong.id);
        fixed.config = f.destination(server.endpoint()).config;
        DestinationRepository(*f.db).update(fixed);
        exporter.retryDelivery(delivery().id);
        QTRY_COMPARE_WITH_TIMEOUT(delivery().status, DeliveryStatus::Delivered, 20000);
        exporter.stop();
        QCOMPARE(f.keys(f.destination(server.endpoint()), QStringLiteral("exports/")).size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestS3)
#include "tst_s3.moc"
