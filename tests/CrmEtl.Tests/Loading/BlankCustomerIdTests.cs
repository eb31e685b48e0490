using CrmEtl.Core.Configuration;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Loading;

/// <summary>
/// A customer id made of spaces only is as blank as an empty one. The canonical view tests ids with a cheap comparison
/// when the file has no such id, and with trim when it has: both must leave out exactly the blank rows.
/// </summary>
public sealed class BlankCustomerIdTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Rows_with_an_empty_or_spaces_only_id_are_no_customer(bool withSpacesOnlyId)
    {
        using var temp = new TempDirectory();
        var blank = withSpacesOnlyId ? "   " : string.Empty;
        var purchases = temp.File("purchases.csv", $"""
            transaction_id,purchase_date,customer_id,price,qty
            T1,2024-01-02,C1,10.5,1
            T2,2024-01-03,{blank},20,1
            T3,2024-01-04,,30,1
            T4,2024-01-05, C2 ,40,2
            """);
        var config = Fixtures.Config(new Dictionary<string, SourceSpec>(StringComparer.OrdinalIgnoreCase) { ["purchases"] = SourceSpec.ForFile(purchases) });

        var summary = Fixtures.Run(config, temp.Path);

        Assert.Equal(["C1", " C2 "], Db.Query<string>(summary.DatabasePath, "SELECT customer_id FROM purchases ORDER BY source_line"));
        Assert.Equal([3L, 4L], Db.Query<long>(summary.DatabasePath,
            "SELECT line FROM load_rejects WHERE error_type = 'MISSING CUSTOMER ID' ORDER BY line"));
        Assert.Equal(2, Db.Scalar<long>(summary.DatabasePath, "SELECT count(*) FROM customer_purchase_totals"));
    }
}
