using CrmEtl.Core.Configuration;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Analyses;

/// <summary>sql/430_customer_personas.sql and 431_persona_segments.sql (seed 002's level-based personas).</summary>
[Collection(SharedSeed000MonthRun.Name)]
public sealed class PersonaSegmentsTests(Seed000MonthRun seed)
{
    [Fact]
    public void Personas_of_a_customers_export_match_hand_computation()
    {
        // data/analyses/persona_customers.csv through the real loader (customers is then a view
        // whose attribute columns are named Country, device, GENDER, age). Age bands as in the
        // course: 0_18, 19_23, 24_30, 31_40, 41_70 (right-closed). c8 (age 75: no band), c9 (no
        // country) and c10 (age "abc") get no persona.
        // Averages: BRA_IOS_MALE_0_18 (39 + 20) / 2 = 29.5, DEU_IOS_FEMALE_19_23 (50 + 70) / 2 = 60,
        // TUR_ANDROID_FEMALE_24_30 (100 + 60) / 2 = 80, USA_ANDROID_MALE_41_70 300. Quartile edges
        // (linear, indexes 0.75, 1.5, 2.25): 52.375, 70, 135, so one persona per segment D, C, B, A.
        using var temp = new TempDirectory();
        var sources = new Dictionary<string, SourceSpec>(StringComparer.OrdinalIgnoreCase)
        {
            ["customers"] = SourceSpec.ForFile(Fixtures.Path(Path.Combine("analyses", "persona_customers.csv"))),
        };

        var summary = Fixtures.Run(Fixtures.Config(sources, asOf: new DateOnly(2024, 6, 30)), temp.Path);

        var personas = Db.Query<(string Persona, string Attributes, long Customers, double Average, string Segment)>(summary.DatabasePath,
            "SELECT persona, persona_attributes, customers, avg_monetary, segment FROM persona_segments ORDER BY avg_monetary");
        Assert.Equal(
            [
                ("BRA_IOS_MALE_0_18", "country_device_gender_age", 2L, 29.5, "D"),
                ("DEU_IOS_FEMALE_19_23", "country_device_gender_age", 2L, 60.0, "C"),
                ("TUR_ANDROID_FEMALE_24_30", "country_device_gender_age", 2L, 80.0, "B"),
                ("USA_ANDROID_MALE_41_70", "country_device_gender_age", 1L, 300.0, "A"),
            ],
            personas);
        Assert.Equal(
            ["c1 TUR_ANDROID_FEMALE_24_30", "c2 TUR_ANDROID_FEMALE_24_30", "c3 BRA_IOS_MALE_0_18", "c4 BRA_IOS_MALE_0_18",
             "c5 USA_ANDROID_MALE_41_70", "c6 DEU_IOS_FEMALE_19_23", "c7 DEU_IOS_FEMALE_19_23"],
            Db.Query<string>(summary.DatabasePath, "SELECT customer_id || ' ' || persona FROM customer_personas ORDER BY length(customer_id), customer_id"));
    }

    [Fact]
    public void Personas_run_on_an_empty_customers_table_with_canonical_columns_only()
    {
        using var db = AnalysisDatabase.Create("2024-06-30");

        db.RunAnalyses("customer_personas", "persona_segments");

        Assert.Equal(0, db.Scalar<int>("SELECT count(*) FROM customer_personas"));
        Assert.Equal(0, db.Scalar<int>("SELECT count(*) FROM persona_segments"));
    }

    [Fact]
    public void Customers_without_attribute_columns_have_no_persona()
    {
        using var db = AnalysisDatabase.Create("2024-06-30");
        db.Execute("INSERT INTO customers (customer_id, monetary, source_line) VALUES ('a', 10, 2), ('b', 20, 3)");

        db.RunAnalyses("customer_personas", "persona_segments");

        Assert.Equal(0, db.Scalar<int>("SELECT count(*) FROM customer_personas"));
    }

    [Fact]
    public void Listed_attributes_the_export_lacks_are_left_out_and_purchases_give_the_monetary()
    {
        // Only country and gender exist; the customers export has no monetary, so it comes from
        // purchases up to as-of (a: 30 + 20; b: 5, its later purchase ignored; c never bought).
        // z's first purchase is after as-of: not a customer yet. Averages 50 and 5 (c has none):
        // two personas, edges 16.25, 27.5, 38.75, so segments A and D.
        using var db = AnalysisDatabase.Create("2024-06-30");
        db.Execute("""
            DROP TABLE customers;
            CREATE TABLE customers (customer_id VARCHAR, first_purchase_date DATE, last_purchase_date DATE,
                                    frequency DOUBLE, monetary DOUBLE, source_line BIGINT, gender VARCHAR, country VARCHAR);
            INSERT INTO customers VALUES
                ('a', NULL, NULL, NULL, NULL, 2, 'f', 'tur'),
                ('b', NULL, NULL, NULL, NULL, 3, 'm', 'deu'),
                ('c', NULL, NULL, NULL, NULL, 4, 'm', 'deu'),
                ('z', DATE '2024-07-01', NULL, NULL, 99, 5, 'm', 'deu');
            INSERT INTO purchases (customer_id, purchase_date, transaction_id, amount, qty, source_line) VALUES
                ('a', DATE '2024-01-01', 't1', 30, 1, 2), ('a', DATE '2024-02-01', 't2', 20, 1, 3),
                ('b', DATE '2024-03-01', 't3', 5, 1, 4), ('b', DATE '2024-07-01', 't4', 500, 1, 5);
            """);

        db.RunAnalyses("customer_personas", "persona_segments");

        Assert.Equal(["a TUR_F 50", "b DEU_M 5", "c DEU_M -"],
            db.Lines("SELECT customer_id, persona, monetary FROM customer_personas ORDER BY customer_id"));
        Assert.Equal(["TUR_F country_gender 1 50 A", "DEU_M country_gender 2 5 D"],
            db.Lines("SELECT persona, persona_attributes, customers, avg_monetary, segment FROM persona_segments"));
    }

    [Fact]
    public void Seed_month_without_a_customers_source_has_no_personas()
    {
        Assert.Equal(0, seed.Scalar<long>("SELECT count(*) FROM customer_personas"));
        Assert.Equal(0, seed.Scalar<long>("SELECT count(*) FROM persona_segments"));
    }
}
