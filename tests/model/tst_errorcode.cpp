// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "errorcode.h"

#include <QTest>

using namespace medpull;

class TestErrorCode : public QObject {
    Q_OBJECT

private slots:
    void roundTrip();
    void legacyText();
    void parameterHoldingPlaceholder();
    void nestedCodeIsRendered();
    void unknownCode();
    void nestedCode();
};

void TestErrorCode::roundTrip() {
    const ErrorCode code{QStringLiteral("text"), {QStringLiteral("a \"quoted\" reason")}};
    const QString stored = code.encode();
    QCOMPARE(stored, QStringLiteral(R"({"args":["a \"quoted\" reason"],"code":"text"})"));
    QCOMPARE(ErrorCode::decode(stored), code);
    QCOMPARE(errorText(stored), QStringLiteral("a \"quoted\" reason"));
    QVERIFY(ErrorCode::decode(QString()).isEmpty());
    QCOMPARE(ErrorCode{}.encode(), QString());
}

void TestErrorCode::legacyText() {
    // Rows written before codes existed hold plain English.
    const ErrorCode decoded = ErrorCode::decode(QStringLiteral("HTTP 503: unavailable"));
    QCOMPARE(decoded.code, QStringLiteral("text"));
    QCOMPARE(decoded.text(), QStringLiteral("HTTP 503: unavailable"));
    // Legacy text that merely looks like JSON stays text.
    QCOMPARE(ErrorCode::decode(QStringLiteral("{not json")).text(), QStringLiteral("{not json"));
}

void TestErrorCode::parameterHoldingPlaceholder() {
    QCOMPARE(ErrorCode::text(QStringLiteral("100%1 sure")).text(), QStringLiteral("100%1 sure"));
}

void TestErrorCode::nestedCodeIsRendered() {
    // A query's error inside its pull's error renders in the same language.
    const QString inner =
        storedError(QStringLiteral("page.unreadable"), {QStringLiteral("garbled at byte 3")});
    QCOMPARE(errorText(storedError(QStringLiteral("pull.queryFailed"),
                                   {QStringLiteral("Condition"), inner})),
             QStringLiteral("Condition: unreadable page: garbled at byte 3"));
    // A portal's text that looks like JSON stays as it came.
    QCOMPARE(errorText(storedError(QStringLiteral("pull.queryFailed"),
                                   {QStringLiteral("Goal"), QStringLiteral("{oops")})),
             QStringLiteral("Goal: {oops"));
}

void TestErrorCode::unknownCode() {
    // A code written by a newer medpull still shows something useful.
    QCOMPARE((ErrorCode{QStringLiteral("from_the_future"), {QStringLiteral("x")}}).text(),
             QStringLiteral("from_the_future: x"));
}

void TestErrorCode::nestedCode() {
    // A pull's error names its first failed query's stored error.
    const QString inner = ErrorCode::text(QStringLiteral("HTTP 503")).encode();
    const ErrorCode outer{QStringLiteral("text"), {inner}};
    QCOMPARE(outer.text(), QStringLiteral("HTTP 503"));
}

QTEST_GUILESS_MAIN(TestErrorCode)
#include "tst_errorcode.moc"
