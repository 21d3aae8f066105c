// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "sandboxfaults.h"

#include "sandboxdata.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace medpull::sandbox {

namespace {

const char *const CountedNames[] = {
    "status", "hang", "truncate", "malformed", "foreign-next", "invalid-resource", "bad-type"};

int countedIndex(const QString &name) {
    for (int i = 0; i < int(std::size(CountedNames)); ++i) {
        if (name == QLatin1String(CountedNames[i]))
            return i;
    }
    return -1;
}

bool isNumber(const QString &value, int min, int max) {
    bool ok = false;
    const int n = value.toInt(&ok);
    return ok && n >= min && n <= max;
}

} // namespace

bool parseFaultSpec(const QString &spec, QList<FaultItem> *items, QString *error) {
    static const QRegularExpression itemPattern(QStringLiteral(
        R"(^([A-Za-z0-9_-]+):([a-z-]+)(?:=([^@*]+))?(?:@([A-Za-z]+))?(?:\*([0-9]+|always))?$)"));
    static const QRegularExpression separators(QStringLiteral("[;,]"));
    QList<FaultItem> parsed;
    for (const QString &part : spec.split(separators, Qt::SkipEmptyParts)) {
        const QString text = part.trimmed();
        if (text.isEmpty())
            continue;
        const QRegularExpressionMatch match = itemPattern.match(text);
        const auto fail = [&](const QString &why) {
            *error = QStringLiteral("bad fault '%1': %2").arg(text, why);
            return false;
        };
        if (!match.hasMatch())
            return fail(QStringLiteral("expected PORTAL:NAME[=VALUE][@Type][*N|*always]"));
        FaultItem item;
        item.portal = match.captured(1);
        item.name = match.captured(2);
        item.value = match.captured(3);
        item.resourceType = match.captured(4);
        const QString count = match.captured(5);
        if (count == QLatin1String("always"))
            item.count = -1;
        else if (!count.isEmpty())
            item.count = count.toInt();
        if (!item.resourceType.isEmpty() && kindFromName(item.resourceType) < 0)
            return fail(QStringLiteral("unknown resource type"));
        const int counted = countedIndex(item.name);
        if (counted < 0 && (!item.resourceType.isEmpty() || !count.isEmpty()))
            return fail(QStringLiteral("only counted faults take @Type or *N"));
        if (item.name == QLatin1String("latency") || item.name == QLatin1String("rate-limit") ||
            item.name == QLatin1String("token-lifetime")) {
            if (!isNumber(item.value, 0, 86400000))
                return fail(QStringLiteral("needs a non-negative number"));
        } else if (item.name == QLatin1String("retry-after")) {
            if (!isNumber(item.value, 0, 86400))
                return fail(QStringLiteral("needs seconds"));
        } else if (item.name == QLatin1String("random")) {
            if (item.value != QLatin1String("on") && item.value != QLatin1String("off"))
                return fail(QStringLiteral("needs on or off"));
        } else if (item.name == QLatin1String("status")) {
            if (!isNumber(item.value, 400, 599))
                return fail(QStringLiteral("needs an HTTP status from 400 to 599"));
        } else if (item.name == QLatin1String("expire-tokens") ||
                   item.name == QLatin1String("clear") || counted >= 0) {
            if (!item.value.isEmpty())
                return fail(QStringLiteral("takes no value"));
        } else {
            return fail(QStringLiteral("unknown fault"));
        }
        if (item.count == 0)
            return fail(QStringLiteral("*0 would never fire"));
        parsed.append(item);
    }
    *items = parsed;
    return true;
}

bool PortalFaults::apply(const FaultItem &item) {
    const int type = countedIndex(item.name);
    if (type >= 0) {
        counted.append({FaultType(type), item.value.toInt(), item.resourceType, item.count});
        return false;
    }
    if (item.name == QLatin1String("latency"))
        latencyMs = item.value.toInt();
    else if (item.name == QLatin1String("rate-limit")) {
        rateLimitEvery = item.value.toInt();
        sinceRateLimitSet = 0;
    } else if (item.name == QLatin1String("retry-after"))
        retryAfterSeconds = item.value.toInt();
    else if (item.name == QLatin1String("random"))
        random = item.value == QLatin1String("on");
    else if (item.name == QLatin1String("token-lifetime"))
        tokenLifetimeSeconds = item.value.toInt();
    else if (item.name == QLatin1String("clear"))
        *this = PortalFaults();
    return item.name == QLatin1String("expire-tokens");
}

bool PortalFaults::take(FaultType type, const QString &resourceType, CountedFault *taken) {
    for (qsizetype i = 0; i < counted.size(); ++i) {
        CountedFault &fault = counted[i];
        if (fault.type != type ||
            (!fault.resourceType.isEmpty() && fault.resourceType != resourceType))
            continue;
        if (taken)
            *taken = fault;
        if (fault.remaining > 0 && --fault.remaining == 0)
            counted.removeAt(i);
        return true;
    }
    return false;
}

bool PortalFaults::rateLimited() {
    if (rateLimitEvery <= 0)
        return false;
    return ++sinceRateLimitSet % rateLimitEvery == 0;
}

QJsonObject PortalFaults::toJson() const {
    QJsonArray list;
    for (const CountedFault &fault : counted) {
        QJsonObject entry{{QStringLiteral("fault"), QLatin1String(CountedNames[int(fault.type)])},
                          {QStringLiteral("remaining"), fault.remaining < 0
                                                            ? QJsonValue(QStringLiteral("always"))
                                                            : QJsonValue(fault.remaining)}};
        if (fault.type == FaultType::Status)
            entry.insert(QStringLiteral("status"), fault.status);
        if (!fault.resourceType.isEmpty())
            entry.insert(QStringLiteral("resourceType"), fault.resourceType);
        list.append(entry);
    }
    return {{QStringLiteral("latencyMs"), latencyMs},
            {QStringLiteral("rateLimitEvery"), rateLimitEvery},
            {QStringLiteral("retryAfterSeconds"), retryAfterSeconds},
            {QStringLiteral("random"), random},
            {QStringLiteral("tokenLifetimeSeconds"), tokenLifetimeSeconds},
            {QStringLiteral("counted"), list}};
}

} // namespace medpull::sandbox
