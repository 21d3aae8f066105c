// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "sandboxdata.h"

#include "sandboxjson.h"

#include <bit>
#include <cmath>

namespace medpull::sandbox {

namespace {

// 2025-01-01T00:00:00Z. Baseline records date from before it, so the same
// seed always yields the same data; only advance() stamps the current time.
constexpr qint64 AnchorMs = 1735689600000;
constexpr qint64 DayMs = 86400000;

constexpr const char *KindNames[KindCount] = {
    "AllergyIntolerance", "CarePlan",          "CareTeam",     "Condition", "Device",
    "DiagnosticReport",   "DocumentReference", "Encounter",    "Goal",      "Immunization",
    "MedicationRequest",  "Observation",       "Procedure",    "Patient",   "Medication",
    "Practitioner",       "PractitionerRole",  "Organization", "Location",  "Binary"};

// Id infixes: short so ids stay compact, distinct so an id names its type.
constexpr const char *KindAbbrev[KindCount] = {"al", "cp", "ct", "co", "de", "dr", "dc",
                                               "en", "go", "im", "mr", "ob", "pr", "P",
                                               "Me", "Pr", "Ro", "Or", "Lo", "bi"};

// Share of a patient's records per searchable kind, per mille.
constexpr int Weight[SearchableKinds] = {20, 25, 15, 50, 15, 60, 40, 80, 25, 40, 70, 500, 60};
// New resources per patient at each advance().
constexpr int AddedPerAdvance[SearchableKinds] = {0, 0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 3, 0};

constexpr int Practitioners = 24;
constexpr int Organizations = 4;
constexpr int Locations = 8;

struct Coded {
    const char *code;
    const char *display;
};

struct Measure {
    const char *loinc;
    const char *display;
    const char *unit;
    double mean;
    double spread;
    int decimals;
};

constexpr Measure Vitals[] = {
    {"8867-4", "Heart rate", "/min", 74, 12, 0},
    {"9279-1", "Respiratory rate", "/min", 16, 3, 0},
    {"8310-5", "Body temperature", "Cel", 36.8, 0.5, 1},
    {"29463-7", "Body weight", "kg", 78, 18, 1},
    {"8302-2", "Body height", "cm", 171, 11, 1},
    {"39156-5", "Body mass index (BMI) [Ratio]", "kg/m2", 26.5, 4.5, 1},
    {"2708-6", "Oxygen saturation in Arterial blood", "%", 97, 2, 0},
    {"85354-9", "Blood pressure panel with all children optional", "mm[Hg]", 0, 0, 0},
};
constexpr int BloodPressure = 7;

constexpr Measure Labs[] = {
    {"2345-7", "Glucose [Mass/volume] in Serum or Plasma", "mg/dL", 98, 18, 0},
    {"2160-0", "Creatinine [Mass/volume] in Serum or Plasma", "mg/dL", 1.0, 0.25, 2},
    {"718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL", 14, 1.6, 1},
    {"4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "%", 5.9, 0.9, 1},
    {"2093-3", "Cholesterol [Mass/volume] in Serum or Plasma", "mg/dL", 192, 32, 0},
    {"2571-8", "Triglyceride [Mass/volume] in Serum or Plasma", "mg/dL", 140, 45, 0},
    {"6690-2", "Leukocytes [#/volume] in Blood by Automated count", "10*3/uL", 7.2, 1.8, 1},
    {"777-3", "Platelets [#/volume] in Blood by Automated count", "10*3/uL", 250, 55, 0},
    {"2951-2", "Sodium [Moles/volume] in Serum or Plasma", "mmol/L", 140, 2.5, 0},
    {"2823-3", "Potassium [Moles/volume] in Serum or Plasma", "mmol/L", 4.2, 0.35, 1},
};

constexpr Coded SmokingStatus[] = {
    {"266919005", "Never smoker"}, {"8517006", "Ex-smoker"}, {"77176002", "Smoker"}};

constexpr Coded Conditions[] = {
    {"44054006", "Diabetes mellitus type 2"},
    {"38341003", "Hypertensive disorder"},
    {"195967001", "Asthma"},
    {"55822004", "Hyperlipidemia"},
    {"40055000", "Chronic sinusitis"},
    {"10509002", "Acute bronchitis"},
    {"35489007", "Depressive disorder"},
    {"197480006", "Anxiety disorder"},
    {"69896004", "Rheumatoid arthritis"},
    {"64859006", "Osteoporosis"},
    {"431855005", "Chronic kidney disease stage 1"},
    {"162864005", "Body mass index 30+ - obesity"},
    {"233604007", "Pneumonia"},
    {"444814009", "Viral sinusitis"},
    {"15777000", "Prediabetes"},
    {"239873007", "Osteoarthritis of knee"},
};

// Exactly 16: Medication ids are indices into this table.
constexpr Coded Medications[] = {
    {"314076", "lisinopril 10 MG Oral Tablet"},
    {"860975", "24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet"},
    {"617312", "atorvastatin 10 MG Oral Tablet"},
    {"197361", "amlodipine 5 MG Oral Tablet"},
    {"745679", "200 ACTUAT albuterol 0.09 MG/ACTUAT Metered Dose Inhaler"},
    {"310965", "ibuprofen 200 MG Oral Tablet"},
    {"313782", "acetaminophen 325 MG Oral Tablet"},
    {"312961", "simvastatin 20 MG Oral Tablet"},
    {"310798", "hydrochlorothiazide 25 MG Oral Tablet"},
    {"311036", "insulin lispro 100 UNT/ML Injectable Solution"},
    {"308182", "amoxicillin 250 MG Oral Capsule"},
    {"312938", "sertraline 50 MG Oral Tablet"},
    {"866924", "metoprolol tartrate 25 MG Oral Tablet"},
    {"198211", "simvastatin 40 MG Oral Tablet"},
    {"849574", "naproxen sodium 220 MG Oral Tablet"},
    {"1049630", "diphenhydramine hydrochloride 25 MG Oral Tablet"},
};
constexpr int MedicationCount = int(sizeof Medications / sizeof Medications[0]);
static_assert(MedicationCount == 16);

constexpr Coded Vaccines[] = {
    {"140", "Influenza, seasonal, injectable, preservative free"},
    {"208", "COVID-19, mRNA, LNP-S, PF, 30 mcg/0.3 mL dose"},
    {"115", "Tdap"},
    {"133", "Pneumococcal conjugate PCV 13"},
    {"33", "pneumococcal polysaccharide PPV23"},
    {"43", "Hep B, adult"},
    {"62", "HPV, quadrivalent"},
    {"187", "zoster recombinant"},
    {"03", "MMR"},
    {"21", "varicella"},
};

constexpr Coded Procedures[] = {
    {"73761001", "Colonoscopy"},
    {"80146002", "Appendectomy"},
    {"430193006", "Medication reconciliation (procedure)"},
    {"171207006", "Depression screening"},
    {"710824005", "Assessment of health and social care needs"},
    {"76601001", "Intramuscular injection"},
    {"117015009", "Throat culture"},
    {"5880005", "Physical examination procedure"},
    {"268556000", "Urine screening for glucose"},
    {"399208008", "Plain chest X-ray"},
};

constexpr Coded Allergies[] = {
    {"300916003", "Latex allergy"},           {"91936005", "Allergy to penicillin"},
    {"300913006", "Shellfish allergy"},       {"419474003", "Allergy to mould"},
    {"232347008", "Dander (animal) allergy"}, {"418689008", "Allergy to grass pollen"},
};

constexpr Coded EncounterTypes[] = {
    {"185349003", "Encounter for check up"},
    {"162673000", "General examination of patient"},
    {"185345009", "Encounter for symptom"},
    {"390906007", "Follow-up encounter"},
};

constexpr Coded Panels[] = {
    {"58410-2", "CBC panel - Blood by Automated count"},
    {"24323-8", "Comprehensive metabolic 2000 panel - Serum or Plasma"},
    {"57698-3", "Lipid panel with direct LDL - Serum or Plasma"},
};

constexpr Coded NoteTypes[] = {
    {"11506-3", "Progress note"},
    {"34117-2", "History and physical note"},
    {"18842-5", "Discharge summary"},
};

constexpr Coded Devices[] = {
    {"337414009", "Blood glucose meters (physical object)"},
    {"14106009", "Cardiac pacemaker, device (physical object)"},
    {"272265001", "Knee joint prosthesis (physical object)"},
    {"469512007", "Home continuous positive airway pressure unit"},
};

constexpr const char *Goals[] = {
    "Hemoglobin A1c total in Blood < 7.0",
    "Systolic blood pressure below 140 mm[Hg]",
    "Reduce body weight by 5 percent",
    "Walk 30 minutes five days a week",
    "Stop smoking",
};

constexpr const char *Specialties[] = {"Family Medicine", "Internal Medicine", "Cardiology",
                                       "Endocrinology",   "Pulmonology",       "Pediatrics"};

constexpr const char *GivenFemale[] = {"Maria",    "Emma",   "Olivia", "Sophia", "Ava",
                                       "Isabella", "Mia",    "Amelia", "Harper", "Evelyn",
                                       "Grace",    "Chloe",  "Aisha",  "Mei",    "Lucia",
                                       "Hannah",   "Fatima", "Elena",  "Nora",   "Rosa"};
constexpr const char *GivenMale[] = {
    "James",  "Liam",  "Noah", "Oliver", "Elijah", "Lucas", "Mateo", "Ethan", "Daniel", "Henry",
    "Samuel", "David", "Omar", "Wei",    "Diego",  "Jonas", "Arjun", "Felix", "Hugo",   "Kwame"};
constexpr const char *Family[] = {
    "Smith",     "Johnson",  "Williams",  "Brown",   "Jones",    "Garcia",   "Miller",   "Davis",
    "Rodriguez", "Martinez", "Hernandez", "Lopez",   "Gonzalez", "Wilson",   "Anderson", "Thomas",
    "Taylor",    "Moore",    "Jackson",   "Martin",  "Lee",      "Perez",    "Thompson", "White",
    "Harris",    "Sanchez",  "Clark",     "Ramirez", "Lewis",    "Robinson", "Walker",   "Young",
    "Nguyen",    "Chen",     "Patel",     "Kim",     "Okafor",   "Schmidt",  "Rossi",    "Novak"};

template <typename T, std::size_t N> constexpr int sizeOf(const T (&)[N]) {
    return int(N);
}

constexpr quint64 mix(quint64 x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

quint64 hashBytes(const QByteArray &bytes) {
    quint64 h = 0xcbf29ce484222325ULL;
    for (char c : bytes)
        h = (h ^ quint8(c)) * 0x100000001b3ULL;
    return h;
}

// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm): formatting
// dates by hand is several times faster than QDateTime::toString.
void civil(qint64 days, int &year, int &month, int &day) {
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const qint64 doe = days - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    day = int(doy - (153 * mp + 2) / 5 + 1);
    month = int(mp < 10 ? mp + 3 : mp - 9);
    year = int(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

void appendDigits(QByteArray &out, int value, int width) {
    char digits[8];
    for (int i = width - 1; i >= 0; --i) {
        digits[i] = char('0' + value % 10);
        value /= 10;
    }
    out.append(digits, width);
}

void coding(JsonOut &json, const char *system, const char *code, const char *display) {
    json.beginObject()
        .field("system", system)
        .field("code", code)
        .field("display", display)
        .endObject();
}

void codeable(JsonOut &json, const char *system, const char *code, const char *display) {
    json.beginObject().key("coding").beginArray();
    coding(json, system, code, display);
    json.endArray().field("text", display).endObject();
}

void reference(JsonOut &json, const char *kind, const QByteArray &id) {
    QByteArray ref;
    ref.reserve(48);
    ref += kind;
    ref += '/';
    ref += id;
    json.beginObject().field("reference", ref).endObject();
}

void instantField(JsonOut &json, std::string_view name, qint64 ms) {
    QByteArray text;
    appendInstant(text, ms);
    json.field(name, text);
}

void dateField(JsonOut &json, std::string_view name, qint64 ms) {
    QByteArray text;
    appendDate(text, ms);
    json.field(name, text);
}

double measured(const Measure &measure, quint64 h) {
    // Sum of uniforms: roughly normal, bounded, cheap.
    const double u =
        (double(h & 0xffff) + double((h >> 16) & 0xffff) + double((h >> 32) & 0xffff)) /
            (3.0 * 65535.0) -
        0.5;
    const double value = measure.mean + u * 3.4 * measure.spread;
    const double scale = std::pow(10.0, measure.decimals);
    return std::round(value * scale) / scale;
}

void quantity(JsonOut &json, double value, const Measure &measure) {
    json.beginObject()
        .key("value")
        .num(value, measure.decimals)
        .field("unit", measure.unit)
        .field("system", "http://unitsofmeasure.org")
        .field("code", measure.unit)
        .endObject();
}

constexpr const char *Loinc = "http://loinc.org";
constexpr const char *Snomed = "http://snomed.info/sct";

} // namespace

struct SandboxDataset::Refs {
    int practitioner = -1;
    int role1 = -1;
    int role2 = -1;
    int organization = -1;
    int location = -1;
    int medication = -1;
};

const char *kindName(Kind kind) {
    return KindNames[int(kind)];
}

int kindFromName(QStringView name) {
    for (int i = 0; i < KindCount; ++i) {
        if (name == QLatin1String(KindNames[i]))
            return i;
    }
    return -1;
}

const char *categoryCode(ObservationCategory category) {
    switch (category) {
    case ObservationCategory::VitalSigns:
        return "vital-signs";
    case ObservationCategory::Laboratory:
        return "laboratory";
    case ObservationCategory::SocialHistory:
        return "social-history";
    }
    return "";
}

int categoryFromCode(QStringView code) {
    for (int i = 0; i < 3; ++i) {
        if (code == QLatin1String(categoryCode(ObservationCategory(i))))
            return i;
    }
    return -1;
}

void appendDate(QByteArray &out, qint64 ms) {
    int year, month, day;
    civil(ms >= 0 ? ms / DayMs : (ms - DayMs + 1) / DayMs, year, month, day);
    appendDigits(out, year, 4);
    out += '-';
    appendDigits(out, month, 2);
    out += '-';
    appendDigits(out, day, 2);
}

void appendInstant(QByteArray &out, qint64 ms) {
    appendDate(out, ms);
    qint64 inDay = ms % DayMs;
    if (inDay < 0)
        inDay += DayMs;
    out += 'T';
    appendDigits(out, int(inDay / 3600000), 2);
    out += ':';
    appendDigits(out, int(inDay / 60000 % 60), 2);
    out += ':';
    appendDigits(out, int(inDay / 1000 % 60), 2);
    out += '.';
    appendDigits(out, int(inDay % 1000), 3);
    out += 'Z';
}

QByteArray instant(qint64 ms) {
    QByteArray out;
    appendInstant(out, ms);
    return out;
}

SandboxDataset::SandboxDataset(DatasetConfig config)
    : m_config(std::move(config)) {}

quint64 SandboxDataset::hash(Kind kind, int patient, int index, quint64 salt) const {
    quint64 h = mix(m_config.seed ^ hashBytes(m_config.portal));
    h = mix(h ^ (quint64(kind) << 56) ^ quint64(quint32(patient)));
    h = mix(h ^ (quint64(quint32(index)) << 8) ^ salt);
    return h;
}

QByteArray SandboxDataset::patientId(int patient) const {
    QByteArray id;
    id += m_config.idPrefix;
    id += 'P';
    id += QByteArray::number(patient);
    return id;
}

int SandboxDataset::patientFromId(QByteArrayView id) const {
    if (id.size() < 3 || id[0] != m_config.idPrefix || id[1] != 'P')
        return -1;
    bool ok = false;
    const int patient = id.sliced(2).toInt(&ok);
    if (!ok || patient < 0 || patient >= m_config.patients ||
        id.sliced(2) != QByteArray::number(patient))
        return -1;
    return patient;
}

QString SandboxDataset::patientName(int patient) const {
    const quint64 h = mix(m_config.seed ^ mix(quint64(personOf(patient)) + 0x51));
    const bool female = h & 1;
    const char *given = female ? GivenFemale[(h >> 8) % sizeOf(GivenFemale)]
                               : GivenMale[(h >> 8) % sizeOf(GivenMale)];
    return QStringLiteral("%1 %2").arg(QLatin1String(given),
                                       QLatin1String(Family[(h >> 24) % sizeOf(Family)]));
}

int SandboxDataset::baseCount(int patient, Kind kind) const {
    const int k = int(kind);
    const double jitter = 0.8 + double(hash(kind, patient, -1, 0xC0) % 401) / 1000.0;
    const double expected = double(m_config.resourcesPerPatient) * Weight[k] / 1000.0 * jitter;
    return std::max(1, int(std::llround(expected)));
}

int SandboxDataset::count(int patient, Kind kind) const {
    if (kind == Kind::Binary)
        return count(patient, Kind::DocumentReference);
    if (kind == Kind::Patient)
        return 1;
    if (int(kind) >= SearchableKinds)
        return 0;
    return baseCount(patient, kind) + generation() * AddedPerAdvance[int(kind)];
}

int SandboxDataset::sharedCount(Kind kind) {
    switch (kind) {
    case Kind::Medication:
        return MedicationCount;
    case Kind::Practitioner:
    case Kind::PractitionerRole:
        return Practitioners;
    case Kind::Organization:
        return Organizations;
    case Kind::Location:
        return Locations;
    default:
        return 0;
    }
}

QByteArray SandboxDataset::resourceId(const ResourceRef &ref) const {
    if (ref.kind == Kind::Patient)
        return patientId(ref.patient);
    QByteArray id;
    id.reserve(24);
    if (ref.patient >= 0) {
        id = patientId(ref.patient);
        id += '-';
    } else {
        id += m_config.idPrefix;
    }
    id += KindAbbrev[int(ref.kind)];
    id += QByteArray::number(ref.index);
    if (m_longIds) {
        QByteArray noise;
        quint64 h = mix(m_config.seed ^ hashBytes(id));
        for (int i = 0; i < 6; ++i) {
            h = mix(h + quint64(i));
            noise.append(reinterpret_cast<const char *>(&h), sizeof h);
        }
        id += '_';
        id += noise.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        id += '=';
    }
    return id;
}

const char *SandboxDataset::medicationRequestIntent(int index) const {
    if (!m_spreadIntents)
        return "order";
    static constexpr const char *Intents[] = {"order", "plan", "proposal"};
    return Intents[index % 3];
}

bool SandboxDataset::resolve(Kind kind, QByteArrayView id, ResourceRef *ref) const {
    if (m_longIds && kind != Kind::Patient) {
        const qsizetype cut = id.indexOf('_');
        if (cut < 0)
            return false;
        ResourceRef candidate;
        if (!resolveShort(kind, id.first(cut), &candidate) || resourceId(candidate) != id)
            return false;
        *ref = candidate;
        return true;
    }
    return resolveShort(kind, id, ref);
}

bool SandboxDataset::resolveShort(Kind kind, QByteArrayView id, ResourceRef *ref) const {
    ResourceRef found{kind, -1, 0};
    if (kind == Kind::Patient) {
        found.patient = patientFromId(id);
        if (found.patient < 0)
            return false;
        *ref = found;
        return true;
    }
    const QByteArrayView abbrev(KindAbbrev[int(kind)]);
    QByteArrayView rest;
    const int shared = sharedCount(kind);
    if (shared > 0) {
        if (id.size() < 1 + abbrev.size() || id[0] != m_config.idPrefix ||
            id.sliced(1, abbrev.size()) != abbrev)
            return false;
        rest = id.sliced(1 + abbrev.size());
    } else {
        const qsizetype dash = id.indexOf('-');
        if (dash < 0)
            return false;
        found.patient = patientFromId(id.first(dash));
        const QByteArrayView tail = id.sliced(dash + 1);
        if (found.patient < 0 || !tail.startsWith(abbrev))
            return false;
        rest = tail.sliced(abbrev.size());
    }
    bool ok = false;
    found.index = rest.toInt(&ok);
    if (!ok || found.index < 0 || rest != QByteArray::number(found.index))
        return false;
    const int limit = shared > 0 ? shared : count(found.patient, kind);
    if (found.index >= limit)
        return false;
    *ref = found;
    return true;
}

ObservationCategory SandboxDataset::observationCategory(int index) const {
    const int slot = index % 10;
    if (slot < 6)
        return ObservationCategory::VitalSigns;
    if (slot < 9)
        return ObservationCategory::Laboratory;
    return ObservationCategory::SocialHistory;
}

int SandboxDataset::createdIn(const ResourceRef &ref) const {
    if (ref.patient < 0 || int(ref.kind) >= SearchableKinds)
        return 0;
    const int base = baseCount(ref.patient, ref.kind);
    if (ref.index < base)
        return 0;
    return 1 + (ref.index - base) / AddedPerAdvance[int(ref.kind)];
}

bool SandboxDataset::changedIn(const ResourceRef &ref, int generation) const {
    if (ref.patient < 0 || ref.kind == Kind::Binary || generation <= createdIn(ref))
        return false;
    const quint64 odds = ref.kind == Kind::Observation ? 40 : 8;
    return hash(ref.kind, ref.patient, ref.index, 0x100 + quint64(generation)) % odds == 0;
}

int SandboxDataset::version(const ResourceRef &ref) const {
    int version = 1;
    for (int g = 1; g <= generation(); ++g) {
        if (changedIn(ref, g))
            ++version;
    }
    return version;
}

qint64 SandboxDataset::clinicalMs(const ResourceRef &ref) const {
    const int created = createdIn(ref);
    if (created > 0)
        return m_advancedAtMs[created - 1] -
               qint64(hash(ref.kind, ref.patient, ref.index, 0xD1) % 3600) * 1000;
    const quint64 h = hash(ref.kind, ref.patient, ref.index, 0xDA);
    return AnchorMs - qint64(h % (5 * 365)) * DayMs - qint64((h >> 20) % DayMs);
}

qint64 SandboxDataset::lastUpdatedMs(const ResourceRef &ref) const {
    for (int g = generation(); g >= 1; --g) {
        if (changedIn(ref, g))
            return m_advancedAtMs[g - 1];
    }
    const int created = createdIn(ref);
    if (created > 0)
        return m_advancedAtMs[created - 1];
    if (ref.patient < 0)
        return AnchorMs - 30 * DayMs;
    if (ref.kind == Kind::Patient)
        return AnchorMs - qint64(hash(ref.kind, ref.patient, 0, 0xE0) % (90 * DayMs));
    return std::min(AnchorMs - 1000,
                    clinicalMs(ref) +
                        qint64(hash(ref.kind, ref.patient, ref.index, 0xE1) % (7 * DayMs)));
}

void SandboxDataset::advance(qint64 nowMs) {
    if (!m_advancedAtMs.isEmpty())
        nowMs = std::max(nowMs, m_advancedAtMs.last() + 1);
    m_advancedAtMs.append(nowMs);
}

SandboxDataset::Refs SandboxDataset::referencesOf(const ResourceRef &ref) const {
    Refs refs;
    const quint64 h = hash(ref.kind, ref.patient, ref.index, 0xF0);
    switch (ref.kind) {
    case Kind::Patient:
        refs.practitioner = int(h % Practitioners);
        refs.organization = int((h >> 8) % Organizations);
        break;
    case Kind::Encounter:
        refs.practitioner = int(h % Practitioners);
        refs.location = int((h >> 8) % Locations);
        refs.organization = refs.location % Organizations;
        break;
    case Kind::MedicationRequest:
        refs.practitioner = int(h % Practitioners);
        refs.medication = int((h >> 8) % MedicationCount);
        break;
    case Kind::CareTeam:
        refs.role1 = int(h % Practitioners);
        refs.role2 = int((h >> 8) % Practitioners);
        refs.organization = int((h >> 16) % Organizations);
        break;
    case Kind::Procedure:
    case Kind::Immunization:
        refs.practitioner = int(h % Practitioners);
        refs.location = int((h >> 8) % Locations);
        break;
    case Kind::DiagnosticReport:
        refs.organization = int((h >> 8) % Organizations);
        break;
    case Kind::DocumentReference:
    case Kind::Condition:
    case Kind::AllergyIntolerance:
        refs.practitioner = int(h % Practitioners);
        break;
    case Kind::PractitionerRole:
        refs.practitioner = ref.index;
        refs.organization = ref.index % Organizations;
        break;
    case Kind::Location:
        refs.organization = ref.index % Organizations;
        break;
    default:
        break;
    }
    return refs;
}

std::array<quint64, KindCount>
SandboxDataset::referencedShared(int patient,
                                 const std::function<bool(const ResourceRef &)> &included) const {
    std::array<quint64, KindCount> masks{};
    quint64 &practitioners = masks[int(Kind::Practitioner)];
    quint64 &roles = masks[int(Kind::PractitionerRole)];
    quint64 &organizations = masks[int(Kind::Organization)];
    quint64 &locations = masks[int(Kind::Location)];
    quint64 &medications = masks[int(Kind::Medication)];
    const auto collect = [&](const Refs &refs) {
        if (refs.practitioner >= 0)
            practitioners |= quint64(1) << refs.practitioner;
        if (refs.organization >= 0)
            organizations |= quint64(1) << refs.organization;
        if (refs.location >= 0)
            locations |= quint64(1) << refs.location;
        if (refs.medication >= 0)
            medications |= quint64(1) << refs.medication;
        for (int role : {refs.role1, refs.role2}) {
            if (role >= 0)
                roles |= quint64(1) << role;
        }
    };
    collect(referencesOf({Kind::Patient, patient, 0}));
    for (int k = 0; k < SearchableKinds; ++k) {
        const int n = count(patient, Kind(k));
        for (int i = 0; i < n; ++i) {
            if (!included || included({Kind(k), patient, i}))
                collect(referencesOf({Kind(k), patient, i}));
        }
    }
    // A role leads to its practitioner and organization, a location to its
    // organization: a complete pull follows those too.
    for (int r = 0; r < Practitioners; ++r) {
        if (roles & (quint64(1) << r))
            collect(referencesOf({Kind::PractitionerRole, -1, r}));
    }
    for (int l = 0; l < Locations; ++l) {
        if (locations & (quint64(1) << l))
            collect(referencesOf({Kind::Location, -1, l}));
    }
    return masks;
}

std::array<int, KindCount> SandboxDataset::completePullCounts(int patient) const {
    std::array<int, KindCount> counts{};
    for (int k = 0; k < SearchableKinds; ++k)
        counts[k] = count(patient, Kind(k));
    const std::array<quint64, KindCount> shared = referencedShared(patient);
    for (int k = 0; k < KindCount; ++k) {
        if (shared[k])
            counts[k] = std::popcount(shared[k]);
    }
    counts[int(Kind::Patient)] = 1;
    counts[int(Kind::Binary)] = counts[int(Kind::DocumentReference)];
    return counts;
}

std::array<int, KindCount> SandboxDataset::updatedCounts(int patient) const {
    std::array<int, KindCount> counts{};
    if (generation() == 0)
        return counts;
    counts[int(Kind::Patient)] = version({Kind::Patient, patient, 0}) > 1 ? 1 : 0;
    for (int k = 0; k < SearchableKinds; ++k) {
        const int n = count(patient, Kind(k));
        for (int i = 0; i < n; ++i) {
            if (version({Kind(k), patient, i}) > 1)
                ++counts[k];
        }
    }
    return counts;
}

QByteArray SandboxDataset::binaryContent(const ResourceRef &ref) const {
    const ResourceRef document{Kind::DocumentReference, ref.patient, ref.index};
    const quint64 h = hash(Kind::DocumentReference, ref.patient, ref.index, 0xB1);
    QByteArray text;
    text += NoteTypes[h % sizeOf(NoteTypes)].display;
    text += " for ";
    text += patientName(ref.patient).toUtf8();
    text += ", ";
    appendDate(text, clinicalMs(document));
    text += ".\nPatient seen for follow-up of ";
    text += Conditions[(h >> 8) % sizeOf(Conditions)].display;
    text += ". Vital signs stable. Continue current medications; review labs in three months.\n";
    return text;
}

void SandboxDataset::writeEncounterRef(JsonOut &json, const ResourceRef &ref) const {
    const int encounters = baseCount(ref.patient, Kind::Encounter);
    const int index = int(hash(ref.kind, ref.patient, ref.index, 0xEC) % quint64(encounters));
    json.key("encounter");
    reference(json, "Encounter", resourceId({Kind::Encounter, ref.patient, index}));
}

void SandboxDataset::write(QByteArray &out, const ResourceRef &ref) const {
    JsonOut json(out);
    const int v = version(ref);
    json.beginObject().field("resourceType", kindName(ref.kind)).field("id", resourceId(ref));
    json.key("meta").beginObject().field("versionId", QByteArray::number(v));
    instantField(json, "lastUpdated", lastUpdatedMs(ref));
    json.endObject();
    if (ref.patient < 0)
        writeShared(json, ref);
    else
        writeOwn(json, ref, v);
    json.endObject();
}

void SandboxDataset::writeShared(JsonOut &json, const ResourceRef &ref) const {
    const quint64 h = hash(ref.kind, -1, ref.index, 0x5A);
    const Refs refs = referencesOf(ref);
    switch (ref.kind) {
    case Kind::Medication: {
        const Coded &med = Medications[ref.index];
        json.key("code");
        codeable(json, "http://www.nlm.nih.gov/research/umls/rxnorm", med.code, med.display);
        json.field("status", "active");
        break;
    }
    case Kind::Practitioner: {
        const bool female = h & 1;
        json.key("identifier")
            .beginArray()
            .beginObject()
            .field("system", "http://hl7.org/fhir/sid/us-npi")
            .field("value", QByteArray::number(1000000000 + qint64(h % 899999999)))
            .endObject()
            .endArray();
        json.key("active").boolean(true);
        json.key("name")
            .beginArray()
            .beginObject()
            .field("family", Family[(h >> 8) % sizeOf(Family)])
            .key("given")
            .beginArray()
            .str(female ? GivenFemale[(h >> 16) % sizeOf(GivenFemale)]
                        : GivenMale[(h >> 16) % sizeOf(GivenMale)])
            .endArray()
            .key("prefix")
            .beginArray()
            .str("Dr.")
            .endArray()
            .endObject()
            .endArray();
        json.field("gender", female ? "female" : "male");
        break;
    }
    case Kind::PractitionerRole:
        json.key("active").boolean(true);
        json.key("practitioner");
        reference(json, "Practitioner", resourceId({Kind::Practitioner, -1, refs.practitioner}));
        json.key("organization");
        reference(json, "Organization", resourceId({Kind::Organization, -1, refs.organization}));
        json.key("specialty")
            .beginArray()
            .beginObject()
            .field("text", Specialties[ref.index % sizeOf(Specialties)])
            .endObject()
            .endArray();
        break;
    case Kind::Organization: {
        static constexpr const char *Names[] = {"Riverside Health", "Lakeview Medical Group",
                                                "St. Anne Hospital", "Northside Family Clinic"};
        json.key("active").boolean(true);
        json.field("name", Names[ref.index % sizeOf(Names)]);
        json.key("telecom")
            .beginArray()
            .beginObject()
            .field("system", "phone")
            .field("value", "555-01" + QByteArray::number(10 + ref.index))
            .endObject()
            .endArray();
        break;
    }
    case Kind::Location: {
        static constexpr const char *Names[] = {
            "Main Campus Clinic", "Cardiology Suite", "Laboratory",      "Radiology",
            "Urgent Care",        "Pediatrics Wing",  "Downtown Clinic", "Infusion Center"};
        json.field("status", "active");
        json.field("name", Names[ref.index % sizeOf(Names)]);
        json.key("managingOrganization");
        reference(json, "Organization", resourceId({Kind::Organization, -1, refs.organization}));
        break;
    }
    default:
        break;
    }
}

void SandboxDataset::writeOwn(JsonOut &json, const ResourceRef &ref, int v) const {
    const quint64 h = hash(ref.kind, ref.patient, ref.index, 0xC1);
    const Refs refs = referencesOf(ref);
    const QByteArray patient = patientId(ref.patient);
    const qint64 when = clinicalMs(ref);
    const auto subject = [&](const char *name) {
        json.key(name);
        reference(json, "Patient", patient);
    };
    const auto practitioner = [&](const char *name) {
        json.key(name);
        reference(json, "Practitioner", resourceId({Kind::Practitioner, -1, refs.practitioner}));
    };
    switch (ref.kind) {
    case Kind::Patient: {
        const quint64 p = mix(m_config.seed ^ mix(quint64(personOf(ref.patient)) + 0x51));
        const bool female = p & 1;
        json.key("identifier")
            .beginArray()
            .beginObject()
            .field("system", "urn:oid:1.2.840.114350." + m_config.portal)
            .field("value", "MRN" + QByteArray::number(100000 + ref.patient))
            .endObject()
            .endArray();
        json.key("active").boolean(true);
        json.key("name")
            .beginArray()
            .beginObject()
            .field("use", "official")
            .field("family", Family[(p >> 24) % sizeOf(Family)])
            .key("given")
            .beginArray()
            .str(female ? GivenFemale[(p >> 8) % sizeOf(GivenFemale)]
                        : GivenMale[(p >> 8) % sizeOf(GivenMale)])
            .endArray()
            .endObject()
            .endArray();
        json.key("telecom")
            .beginArray()
            .beginObject()
            .field("system", "phone")
            .field("value", "555-" + QByteArray::number(2000 + (p >> 40) % 7000))
            .field("use", v % 2 ? "home" : "mobile")
            .endObject()
            .endArray();
        json.field("gender", female ? "female" : "male");
        dateField(json, "birthDate", AnchorMs - qint64(3650 + (p >> 32) % 27000) * DayMs);
        json.key("address")
            .beginArray()
            .beginObject()
            .key("line")
            .beginArray()
            .str(QByteArray::number(10 + (p >> 48) % 990) + " Main St")
            .endArray()
            .field("city", "Springfield")
            .field("state", "IL")
            .field("postalCode", "62701")
            .endObject()
            .endArray();
        json.key("generalPractitioner").beginArray();
        reference(json, "Practitioner", resourceId({Kind::Practitioner, -1, refs.practitioner}));
        json.endArray();
        json.key("managingOrganization");
        reference(json, "Organization", resourceId({Kind::Organization, -1, refs.organization}));
        break;
    }
    case Kind::Observation: {
        const ObservationCategory category = observationCategory(ref.index);
        static constexpr const char *CategoryDisplay[] = {"Vital Signs", "Laboratory",
                                                          "Social History"};
        json.field("status", v > 1 ? "amended" : "final");
        json.key("category").beginArray().beginObject().key("coding").beginArray();
        coding(json, "http://terminology.hl7.org/CodeSystem/observation-category",
               categoryCode(category), CategoryDisplay[int(category)]);
        json.endArray().endObject().endArray();
        const Measure *measure = nullptr;
        if (category == ObservationCategory::VitalSigns)
            measure = &Vitals[(h >> 4) % sizeOf(Vitals)];
        else if (category == ObservationCategory::Laboratory)
            measure = &Labs[(h >> 4) % sizeOf(Labs)];
        json.key("code");
        if (measure)
            codeable(json, Loinc, measure->loinc, measure->display);
        else
            codeable(json, Loinc, "72166-2", "Tobacco smoking status");
        subject("subject");
        writeEncounterRef(json, ref);
        instantField(json, "effectiveDateTime", when);
        instantField(json, "issued", when + 1800000);
        if (!measure) {
            const Coded &status = SmokingStatus[(h >> 12) % sizeOf(SmokingStatus)];
            json.key("valueCodeableConcept");
            codeable(json, Snomed, status.code, status.display);
        } else if (measure == &Vitals[BloodPressure]) {
            static constexpr Measure Systolic{
                "8480-6", "Systolic blood pressure", "mm[Hg]", 124, 14, 0};
            static constexpr Measure Diastolic{
                "8462-4", "Diastolic blood pressure", "mm[Hg]", 79, 9, 0};
            json.key("component").beginArray();
            for (const Measure *part : {&Systolic, &Diastolic}) {
                json.beginObject().key("code");
                codeable(json, Loinc, part->loinc, part->display);
                json.key("valueQuantity");
                quantity(json, measured(*part, mix(h + quint64(v) + quint64(part == &Systolic))),
                         *part);
                json.endObject();
            }
            json.endArray();
        } else {
            json.key("valueQuantity");
            quantity(json, measured(*measure, mix(h + quint64(v))), *measure);
        }
        break;
    }
    case Kind::Condition: {
        const Coded &condition = Conditions[(h >> 4) % sizeOf(Conditions)];
        const bool resolved = v % 2 == 0;
        json.key("clinicalStatus").beginObject().key("coding").beginArray();
        coding(json, "http://terminology.hl7.org/CodeSystem/condition-clinical",
               resolved ? "resolved" : "active", resolved ? "Resolved" : "Active");
        json.endArray().endObject();
        json.key("verificationStatus").beginObject().key("coding").beginArray();
        coding(json, "http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed",
               "Confirmed");
        json.endArray().endObject();
        json.key("category").beginArray().beginObject().key("coding").beginArray();
        coding(json, "http://terminology.hl7.org/CodeSystem/condition-category",
               "problem-list-item", "Problem List Item");
        json.endArray().endObject().endArray();
        json.key("code");
        codeable(json, Snomed, condition.code, condition.display);
        subject("subject");
        writeEncounterRef(json, ref);
        instantField(json, "onsetDateTime", when);
        if (resolved)
            instantField(json, "abatementDateTime", lastUpdatedMs(ref));
        instantField(json, "recordedDate", when);
        practitioner("recorder");
        break;
    }
    case Kind::Encounter: {
        const Coded &type = EncounterTypes[(h >> 4) % sizeOf(EncounterTypes)];
        json.field("status", "finished");
        json.key("class")
            .beginObject()
            .field("system", "http://terminology.hl7.org/CodeSystem/v3-ActCode")
            .field("code", "AMB")
            .field("display", "ambulatory")
            .endObject();
        json.key("type").beginArray();
        codeable(json, Snomed, type.code, type.display);
        json.endArray();
        subject("subject");
        json.key("participant").beginArray().beginObject();
        practitioner("individual");
        json.endObject().endArray();
        json.key("period").beginObject();
        instantField(json, "start", when);
        instantField(json, "end", when + 1800000 + qint64((h >> 20) % 3600) * 1000);
        json.endObject();
        json.key("location").beginArray().beginObject().key("location");
        reference(json, "Location", resourceId({Kind::Location, -1, refs.location}));
        json.endObject().endArray();
        json.key("serviceProvider");
        reference(json, "Organization", resourceId({Kind::Organization, -1, refs.organization}));
        break;
    }
    case Kind::MedicationRequest: {
        json.field("status", v > 1 ? "completed" : "active");
        json.field("intent", medicationRequestIntent(ref.index));
        json.key("medicationReference");
        reference(json, "Medication", resourceId({Kind::Medication, -1, refs.medication}));
        subject("subject");
        writeEncounterRef(json, ref);
        instantField(json, "authoredOn", when);
        practitioner("requester");
        json.key("dosageInstruction")
            .beginArray()
            .beginObject()
            .field("text", (h >> 12) % 2 ? "Take 1 tablet by mouth once daily"
                                         : "Take 1 tablet by mouth twice daily")
            .endObject()
            .endArray();
        break;
    }
    case Kind::Immunization: {
        const Coded &vaccine = Vaccines[(h >> 4) % sizeOf(Vaccines)];
        json.field("status", "completed");
        json.key("vaccineCode");
        codeable(json, "http://hl7.org/fhir/sid/cvx", vaccine.code, vaccine.display);
        subject("patient");
        writeEncounterRef(json, ref);
        instantField(json, "occurrenceDateTime", when);
        json.key("primarySource").boolean(true);
        json.key("location");
        reference(json, "Location", resourceId({Kind::Location, -1, refs.location}));
        json.key("performer").beginArray().beginObject();
        practitioner("actor");
        json.endObject().endArray();
        break;
    }
    case Kind::Procedure: {
        const Coded &procedure = Procedures[(h >> 4) % sizeOf(Procedures)];
        json.field("status", "completed");
        json.key("code");
        codeable(json, Snomed, procedure.code, procedure.display);
        subject("subject");
        writeEncounterRef(json, ref);
        json.key("performedPeriod").beginObject();
        instantField(json, "start", when);
        instantField(json, "end", when + 2400000);
        json.endObject();
        json.key("performer").beginArray().beginObject();
        practitioner("actor");
        json.endObject().endArray();
        json.key("location");
        reference(json, "Location", resourceId({Kind::Location, -1, refs.location}));
        break;
    }
    case Kind::AllergyIntolerance: {
        const Coded &allergy = Allergies[(h >> 4) % sizeOf(Allergies)];
        json.key("clinicalStatus").beginObject().key("coding").beginArray();
        coding(json, "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
               v % 2 ? "active" : "inactive", v % 2 ? "Active" : "Inactive");
        json.endArray().endObject();
        json.field("type", "allergy");
        json.key("category").beginArray().str((h >> 12) % 2 ? "environment" : "food").endArray();
        json.field("criticality", "low");
        json.key("code");
        codeable(json, Snomed, allergy.code, allergy.display);
        subject("patient");
        instantField(json, "recordedDate", when);
        practitioner("recorder");
        break;
    }
    case Kind::DiagnosticReport: {
        const Coded &panel = Panels[(h >> 4) % sizeOf(Panels)];
        json.field("status", v > 1 ? "amended" : "final");
        json.key("category").beginArray().beginObject().key("coding").beginArray();
        coding(json, "http://terminology.hl7.org/CodeSystem/v2-0074", "LAB", "Laboratory");
        json.endArray().endObject().endArray();
        json.key("code");
        codeable(json, Loinc, panel.code, panel.display);
        subject("subject");
        writeEncounterRef(json, ref);
        instantField(json, "effectiveDateTime", when);
        instantField(json, "issued", when + 7200000);
        json.key("performer").beginArray();
        reference(json, "Organization", resourceId({Kind::Organization, -1, refs.organization}));
        json.endArray();
        // Results point at the patient's own laboratory Observations (index
        // 10k+6..8), which exist from the start and never go away.
        const int observations = baseCount(ref.patient, Kind::Observation);
        const int blocks = std::max(1, observations / 10);
        const int block = ref.index % blocks;
        json.key("result").beginArray();
        for (int slot = 6; slot <= 8; ++slot) {
            const int index = block * 10 + slot;
            if (index < observations)
                reference(json, "Observation", resourceId({Kind::Observation, ref.patient, index}));
        }
        json.endArray();
        break;
    }
    case Kind::DocumentReference: {
        const quint64 b = hash(Kind::DocumentReference, ref.patient, ref.index, 0xB1);
        const Coded &type = NoteTypes[b % sizeOf(NoteTypes)];
        json.field("status", v > 1 ? "superseded" : "current");
        json.key("type");
        codeable(json, Loinc, type.code, type.display);
        json.key("category").beginArray().beginObject().key("coding").beginArray();
        coding(json, "http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category",
               "clinical-note", "Clinical Note");
        json.endArray().endObject().endArray();
        subject("subject");
        instantField(json, "date", when);
        json.key("author").beginArray();
        reference(json, "Practitioner", resourceId({Kind::Practitioner, -1, refs.practitioner}));
        json.endArray();
        json.key("content")
            .beginArray()
            .beginObject()
            .key("attachment")
            .beginObject()
            .field("contentType", "text/plain")
            .field("url", "Binary/" + resourceId({Kind::Binary, ref.patient, ref.index}))
            .field("title", type.display)
            .endObject()
            .endObject()
            .endArray();
        json.key("context").beginObject().key("encounter").beginArray();
        const int encounters = baseCount(ref.patient, Kind::Encounter);
        reference(
            json, "Encounter",
            resourceId({Kind::Encounter, ref.patient,
                        int(hash(ref.kind, ref.patient, ref.index, 0xEC) % quint64(encounters))}));
        json.endArray().endObject();
        break;
    }
    case Kind::Binary:
        json.field("contentType", binaryContentType());
        json.field("data", binaryContent(ref).toBase64());
        break;
    case Kind::CarePlan: {
        json.field("status", v > 1 ? "completed" : "active");
        json.field("intent", "plan");
        json.key("category").beginArray();
        codeable(json, Snomed, "736271009", "Outpatient care plan");
        json.endArray();
        json.field("title", Conditions[(h >> 4) % sizeOf(Conditions)].display);
        subject("subject");
        json.key("period").beginObject();
        instantField(json, "start", when);
        json.endObject();
        break;
    }
    case Kind::CareTeam: {
        json.field("status", v > 1 ? "inactive" : "active");
        json.field("name", "Primary care team");
        subject("subject");
        json.key("participant").beginArray();
        for (int role : {refs.role1, refs.role2}) {
            json.beginObject().key("member");
            reference(json, "PractitionerRole", resourceId({Kind::PractitionerRole, -1, role}));
            json.endObject();
        }
        json.endArray();
        json.key("managingOrganization").beginArray();
        reference(json, "Organization", resourceId({Kind::Organization, -1, refs.organization}));
        json.endArray();
        break;
    }
    case Kind::Goal: {
        json.field("lifecycleStatus", v > 1 ? "completed" : "active");
        json.key("description")
            .beginObject()
            .field("text", Goals[(h >> 4) % sizeOf(Goals)])
            .endObject();
        subject("subject");
        dateField(json, "startDate", when);
        break;
    }
    case Kind::Device: {
        const Coded &device = Devices[(h >> 4) % sizeOf(Devices)];
        json.field("status", "active");
        json.key("udiCarrier")
            .beginArray()
            .beginObject()
            .field("deviceIdentifier", QByteArray::number(qint64(h >> 16) % 100000000000000LL))
            .endObject()
            .endArray();
        json.key("type");
        codeable(json, Snomed, device.code, device.display);
        subject("patient");
        break;
    }
    default:
        break;
    }
}

} // namespace medpull::sandbox
