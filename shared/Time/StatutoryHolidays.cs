using System.Globalization;

namespace LinfenFlows.Shared.Time;

/// <summary>
/// The statutory holidays (法定节假日) of a year as 《全国年节及纪念日放假办法》 (amended 2024-11-10, in force 2025-01-01)
/// defines them: 13 days, without the bridging days and make-up working days that only the State Council's annual notice sets.
/// Used for a provisional (暂定) calendar of a year whose notice is not yet published.
/// </summary>
public static class StatutoryHolidays
{
    /// <summary>The first year of the amended law (除夕 and 5月2日 became statutory holidays in 2025).</summary>
    public const int FirstYear = 2025;

    /// <summary>The last year <see cref="ChineseLunisolarCalendar"/> covers whole (it ends on 2101-01-28).</summary>
    public const int LastYear = 2100;

    // Shown wherever a provisional year's dates are used, so that nobody takes them for the State Council's notice.
    private const string ProvisionalSource = "暂定：按《全国年节及纪念日放假办法》推算（国务院当年节假日安排通知尚未发布）";

    // The helpers work wherever the lunar calendar does, so that they can be checked against past years' notices.
    private const int FirstLunarYear = 1901;

    private static readonly ChineseLunisolarCalendar Lunar = new();

    /// <summary>Whether <see cref="Of"/> can compute <paramref name="year"/>.</summary>
    public static bool Covers(int year) => year is >= FirstYear and <= LastYear;

    /// <summary>
    /// The statutory holidays of <paramref name="year"/> in date order, one per holiday; 春节 spans 除夕 to 正月初三.
    /// 中秋节 may lie inside 国庆节 (2028): both are returned, as the law names both.
    /// </summary>
    /// <exception cref="CalendarOutOfRangeException">The year is before the amended law or beyond the lunar calendar.</exception>
    public static IReadOnlyList<CalendarHoliday> Of(int year)
    {
        if (!Covers(year)) throw new CalendarOutOfRangeException(year);
        var newYear = LunarNewYear(year);
        var qingming = Qingming(year);
        var duanwu = FromLunar(year, 5, 5);
        var zhongqiu = FromLunar(year, 8, 15);
        CalendarHoliday[] holidays =
        [
            new("元旦", new DateOnly(year, 1, 1), new DateOnly(year, 1, 1)),
            new("春节", newYear.AddDays(-1), newYear.AddDays(2)),
            new("清明节", qingming, qingming),
            new("劳动节", new DateOnly(year, 5, 1), new DateOnly(year, 5, 2)),
            new("端午节", duanwu, duanwu),
            new("中秋节", zhongqiu, zhongqiu),
            new("国庆节", new DateOnly(year, 10, 1), new DateOnly(year, 10, 3)),
        ];
        return [.. holidays.OrderBy(h => h.From).ThenBy(h => h.To)];
    }

    /// <summary>
    /// The provisional calendar of <paramref name="year"/>: the statutory holidays, weekends as rest days, no make-up working
    /// days and no notice date. The State Council's notice replaces it once imported.
    /// </summary>
    /// <exception cref="CalendarOutOfRangeException">The year is not covered (<see cref="Covers"/>).</exception>
    public static CalendarYear Provisional(int year) => new(year, ProvisionalSource, NoticeDate: null, Of(year), []);

    /// <summary>
    /// The Beijing (UTC+8) date of the solar term 清明: the day the sun's apparent geocentric longitude reaches 15°.
    /// </summary>
    public static DateOnly Qingming(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, FirstLunarYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, LastYear);
        return SolarTerms.BeijingDateOf(SolarTerms.QingmingLongitude, year);
    }

    /// <summary>正月初一 of the lunar year that starts in Gregorian <paramref name="year"/>.</summary>
    public static DateOnly LunarNewYear(int year) => FromLunar(year, 1, 1);

    /// <summary>
    /// The Gregorian date of day <paramref name="lunarDay"/> of the ordinary (non-leap) lunar month
    /// <paramref name="lunarMonth"/> of the lunar year that starts in Gregorian <paramref name="gregorianYear"/>.
    /// </summary>
    public static DateOnly FromLunar(int gregorianYear, int lunarMonth, int lunarDay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gregorianYear, FirstLunarYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(gregorianYear, LastYear);
        ArgumentOutOfRangeException.ThrowIfLessThan(lunarMonth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lunarMonth, 12);
        // ChineseLunisolarCalendar numbers a leap month as a month of its own: in a year whose GetLeapMonth is 7 (闰六月),
        // month 7 is the leap sixth month and 八月 is month 9.
        var leap = Lunar.GetLeapMonth(gregorianYear);
        var month = leap != 0 && lunarMonth >= leap ? lunarMonth + 1 : lunarMonth;
        ArgumentOutOfRangeException.ThrowIfLessThan(lunarDay, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lunarDay, Lunar.GetDaysInMonth(gregorianYear, month));
        // The Chinese calendar is reckoned in China's civil day, so its dates need no time-zone conversion.
        return DateOnly.FromDateTime(Lunar.ToDateTime(gregorianYear, month, lunarDay, 0, 0, 0, 0));
    }

    /// <summary>
    /// The sun's apparent longitude after Meeus, Astronomical Algorithms (2nd ed.), ch. 25 "higher accuracy": Earth's
    /// heliocentric longitude from the VSOP87D series as truncated in Meeus's Appendix III, the FK5 correction, nutation
    /// (ch. 22, the four largest terms) and annual aberration; ΔT from Espenak and Meeus (2006). The longitude is good to
    /// about 1″, i.e. 25 s of time; the uncertainty of the extrapolated ΔT (up to a few minutes by 2100) dominates.
    /// </summary>
    private static class SolarTerms
    {
        public const double QingmingLongitude = 15;

        private const double J2000 = 2451545.0;
        private const double DaysPerTropicalYear = 365.242189;
        // JD at 0001-01-01 00:00, so that DateOnly.DayNumber + this is the JD of that day's midnight.
        private const double JulianDayOfDayNumberZero = 1721425.5;

        // VSOP87D Earth L0..L5 as truncated in Meeus's Appendix III: amplitude (1e-8 rad), phase (rad), frequency (rad per
        // Julian millennium). The terms left out add up to about 1″ in these centuries.
        private static readonly (double A, double B, double C)[][] EarthLongitude =
        [
            [
                (175347046, 0, 0), (3341656, 4.6692568, 6283.07585), (34894, 4.6261, 12566.1517),
                (3497, 2.7441, 5753.3849), (3418, 2.8289, 3.5231), (3136, 3.6277, 77713.7715), (2676, 4.4181, 7860.4194),
                (2343, 6.1352, 3930.2097), (1324, 0.7425, 11506.7698), (1273, 2.0371, 529.691), (1199, 1.1096, 1577.3435),
                (990, 5.233, 5884.927), (902, 2.045, 26.298), (857, 3.508, 398.149), (780, 1.179, 5223.694),
                (753, 2.533, 5507.553), (505, 4.583, 18849.228), (492, 4.205, 775.523), (357, 2.92, 0.067),
                (317, 5.849, 11790.629), (284, 1.899, 796.298), (271, 0.315, 10977.079), (243, 0.345, 5486.778),
                (206, 4.806, 2544.314), (205, 1.869, 5573.143), (202, 2.458, 6069.777), (156, 0.833, 213.299),
                (132, 3.411, 2942.463), (126, 1.083, 20.775), (115, 0.645, 0.98), (103, 0.636, 4694.003),
                (102, 0.976, 15720.839), (102, 4.267, 7.114), (99, 6.21, 2146.17), (98, 0.68, 155.42),
                (86, 5.98, 161000.69), (85, 1.3, 6275.96), (85, 3.67, 71430.7), (80, 1.81, 17260.15), (79, 3.04, 12036.46),
                (75, 1.76, 5088.63), (74, 3.5, 3154.69), (74, 4.68, 801.82), (70, 0.83, 9437.76), (62, 3.98, 8827.39),
                (61, 1.82, 7084.9), (57, 2.78, 6286.6), (56, 4.39, 14143.5), (56, 3.47, 6279.55), (52, 0.19, 12139.55),
                (52, 1.33, 1748.02), (51, 0.28, 5856.48), (49, 0.49, 1194.45), (41, 5.37, 8429.24), (41, 2.4, 19651.05),
                (39, 6.17, 10447.39), (37, 6.04, 10213.29), (37, 2.57, 1059.38), (36, 1.71, 2352.87), (36, 1.78, 6812.77),
                (33, 0.59, 17789.85), (30, 0.44, 83996.85), (30, 2.74, 1349.87), (25, 3.16, 4690.48),
            ],
            [
                (628331966747, 0, 0), (206059, 2.678235, 6283.07585), (4303, 2.6351, 12566.1517), (425, 1.59, 3.523),
                (119, 5.796, 26.298), (109, 2.966, 1577.344), (93, 2.59, 18849.23), (72, 1.14, 529.69), (68, 1.87, 398.15),
                (67, 4.41, 5507.55), (59, 2.89, 5223.69), (56, 2.17, 155.42), (45, 0.4, 796.3), (36, 0.47, 775.52),
                (29, 2.65, 7.11), (21, 5.34, 0.98), (19, 1.85, 5486.78), (19, 4.97, 213.3), (17, 2.99, 6275.96),
                (16, 0.03, 2544.31), (16, 1.43, 2146.17), (15, 1.21, 10977.08), (12, 2.83, 1748.02), (12, 3.26, 5088.63),
                (12, 5.27, 1194.45), (12, 2.08, 4694), (11, 0.77, 553.57), (10, 1.3, 6286.6), (10, 4.24, 1349.87),
                (9, 2.7, 242.73), (9, 5.64, 951.72), (8, 5.3, 2352.87), (6, 2.65, 9437.76), (6, 4.67, 4690.48),
            ],
            [
                (52919, 0, 0), (8720, 1.0721, 6283.0758), (309, 0.867, 12566.152), (27, 0.05, 3.52), (16, 5.19, 26.3),
                (16, 3.68, 155.42), (10, 0.76, 18849.23), (9, 2.06, 77713.77), (7, 0.83, 775.52), (5, 4.66, 1577.34),
                (4, 1.03, 7.11), (4, 3.44, 5573.14), (3, 5.14, 796.3), (3, 6.05, 5507.55), (3, 1.19, 242.73),
                (3, 6.12, 529.69), (3, 0.31, 398.15), (3, 2.28, 553.57), (2, 4.38, 5223.69), (2, 3.75, 0.98),
            ],
            [
                (289, 5.844, 6283.076), (35, 0, 0), (17, 5.49, 12566.15), (3, 5.2, 155.42), (1, 4.72, 3.52),
                (1, 5.3, 18849.23), (1, 5.97, 242.73),
            ],
            [(114, 3.142, 0), (8, 4.13, 6283.08), (1, 3.84, 12566.15)],
            [(1, 3.14, 0)],
        ];

        /// <summary>The Beijing date on which the sun's apparent longitude reaches <paramref name="longitude"/> in that year.</summary>
        public static DateOnly BeijingDateOf(double longitude, int year)
        {
            var jde = TerrestrialJulianDayOf(longitude, year);
            var universal = jde - DeltaTSeconds(year + (jde - JulianDayOf(new DateOnly(year, 1, 1))) / 365.25) / 86400;
            var beijing = universal + BeijingTime.Offset.TotalDays;
            return DateOnly.FromDayNumber((int)Math.Floor(beijing - JulianDayOfDayNumberZero));
        }

        private static double JulianDayOf(DateOnly day) => day.DayNumber + JulianDayOfDayNumberZero;

        // Steps at the sun's mean rate: its true rate in spring differs by under 2%, so each step gains about three digits.
        private static double TerrestrialJulianDayOf(double longitude, int year)
        {
            // The mean date of the term counted from a 21 March equinox: within two days of the answer.
            var jde = JulianDayOf(new DateOnly(year, 3, 21)) + (longitude / 360) * DaysPerTropicalYear;
            for (var i = 0; i < 20; i++)
            {
                var step = Remainder(longitude - ApparentLongitude(jde) + 180, 360) - 180;
                jde += step / 360 * DaysPerTropicalYear;
                if (Math.Abs(step) < 1e-8) return jde;
            }
            throw new InvalidOperationException($"The solar longitude {longitude}° of {year} did not converge.");
        }

        private static double ApparentLongitude(double jde)
        {
            var tau = (jde - J2000) / 365250;
            var t = tau * 10;
            double heliocentric = 0, power = 1;
            foreach (var series in EarthLongitude)
            {
                heliocentric += power * series.Sum(term => term.A * Math.Cos(term.B + term.C * tau));
                power *= tau;
            }
            var geometric = heliocentric / 1e8 * 180 / Math.PI + 180 - 0.09033 / 3600; // geocentric, FK5 (Meeus 25.9)
            return Remainder(geometric + Nutation(t) + Aberration(tau), 360);
        }

        // Meeus ch. 22 to 0.5″: Ω the Moon's ascending node, sun and Moon mean longitudes.
        private static double Nutation(double t)
        {
            var node = Radians(125.04452 - 1934.136261 * t);
            var sun = Radians(280.4665 + 36000.7698 * t);
            var moon = Radians(218.3165 + 481267.8813 * t);
            return (-17.20 * Math.Sin(node) - 1.32 * Math.Sin(2 * sun) - 0.23 * Math.Sin(2 * moon) + 0.21 * Math.Sin(2 * node)) / 3600;
        }

        // −20.4898″/R, with Earth's distance R from the leading VSOP87 R0/R1 terms (ample for a 0.35″ effect).
        private static double Aberration(double tau)
        {
            var distance = (100013989 + 1670700 * Math.Cos(3.0984635 + 6283.07585 * tau) + 13956 * Math.Cos(3.05525 + 12566.1517 * tau)
                            + 103019 * tau * Math.Cos(1.10749 + 6283.07585 * tau)) / 1e8;
            return -20.4898 / 3600 / distance;
        }

        // ΔT = TT − UT in seconds (Espenak & Meeus, "Five Millennium Canon of Solar Eclipses", 2006). Beyond the present it
        // is an extrapolation: Earth's rotation cannot be predicted, so a 清明 within minutes of midnight stays uncertain.
        private static double DeltaTSeconds(double y)
        {
            if (y < 1920)
            {
                var t = y - 1900;
                return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * Math.Pow(t, 3) - 0.000197 * Math.Pow(t, 4);
            }
            if (y < 1941) { var t = y - 1920; return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t; }
            if (y < 1961) { var t = y - 1950; return 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547; }
            if (y < 1986) { var t = y - 1975; return 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718; }
            if (y < 2005)
            {
                var t = y - 2000;
                return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * Math.Pow(t, 3) + 0.000651814 * Math.Pow(t, 4)
                       + 0.00002373599 * Math.Pow(t, 5);
            }
            if (y < 2050) { var t = y - 2000; return 62.92 + 0.32217 * t + 0.005589 * t * t; }
            var u = (y - 1820) / 100;
            return -20 + 32 * u * u - 0.5628 * (2150 - y);
        }

        private static double Radians(double degrees) => degrees * Math.PI / 180;

        private static double Remainder(double x, double m) => ((x % m) + m) % m;
    }
}

/// <summary>A year outside <see cref="StatutoryHolidays.FirstYear"/>..<see cref="StatutoryHolidays.LastYear"/>.</summary>
public sealed class CalendarOutOfRangeException(int year)
    : ArgumentOutOfRangeException(nameof(year), year,
        $"The statutory holidays of {year} cannot be computed ({year} 年法定节假日无法推算): only "
        + $"{StatutoryHolidays.FirstYear}–{StatutoryHolidays.LastYear} are covered, as the amended 《全国年节及纪念日放假办法》 "
        + $"is in force from {StatutoryHolidays.FirstYear} and the lunar calendar ends in 2101.")
{
    /// <summary>The year that was asked for.</summary>
    public int Year { get; } = year;
}
