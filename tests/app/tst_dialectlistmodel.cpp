#include "dialectlistmodel.h"

#include <QAbstractItemModelTester>
#include <QtTest>

class TestDialectListModel : public QObject
{
    Q_OBJECT
private slots:
    void passesTheModelTester()
    {
        DialectListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(model.rowCount() >= 21);
    }

    void exposesIdsAndCapabilities()
    {
        DialectListModel model;
        const int row = model.indexOf(QStringLiteral("florence2"));
        QVERIFY(row >= 0);
        const QModelIndex idx = model.index(row, 0);
        QCOMPARE(model.data(idx, int(DialectListModel::Role::Id)).toString(), QStringLiteral("florence2"));
        QCOMPARE(model.data(idx, int(DialectListModel::Role::Coordinates)).toString(), QStringLiteral("bins-1000"));
        QVERIFY(model.data(idx, int(DialectListModel::Role::Capabilities)).toString().contains(QStringLiteral("polygons")));
        QCOMPARE(model.indexOf(QStringLiteral("no-such-dialect")), -1);
        const auto roles = model.roleNames();
        QCOMPARE(roles.value(int(DialectListModel::Role::Id)), QByteArray("dialectId"));
    }
};

QTEST_GUILESS_MAIN(TestDialectListModel)
#include "tst_dialectlistmodel.moc"
