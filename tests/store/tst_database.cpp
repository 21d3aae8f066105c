#include "database.h"
#include "storeerror.h"
#include "testsupport.h"

#include <QTest>

using namespace medpull;
using namespace medpull::test;

class TestDatabase : public QObject
{
    Q_OBJECT

private slots:
    void opensFreshDatabaseAtLatestVersion_data() { addBackendRows(); }
    void opensFreshDatabaseAtLatestVersion()
    {
        QFETCH(Backend, backend);
        QTemporaryDir dir;
        const auto db = freshDatabase(backend, dir);
        QCOMPARE(db->schemaVersion(), Database::latestSchemaVersion());
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
