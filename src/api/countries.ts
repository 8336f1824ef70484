/**
 * ISO 3166-1 alpha-2 country codes: the 249 officially assigned ones (source: the ISO 3166 Maintenance
 * Agency's list of officially assigned codes, https://www.iso.org/iso-3166-country-codes.html; cross-checked
 * against the region names of Node 20's ICU/CLDR data, minus its exceptionally reserved, transitional and
 * user-assigned codes such as EU, UK, XK and ZZ). Residency rules and ProviderProfile countries use them.
 */
const ASSIGNED =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
  'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
  'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
  'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW';

/** The officially assigned ISO 3166-1 alpha-2 codes. */
export const ISO_3166_ALPHA2: ReadonlySet<string> = new Set(ASSIGNED.split(' '));

/** True when `code` is an officially assigned ISO 3166-1 alpha-2 code (upper case, e.g. CA). */
export function isCountryCode(code: string): boolean {
  return ISO_3166_ALPHA2.has(code);
}
