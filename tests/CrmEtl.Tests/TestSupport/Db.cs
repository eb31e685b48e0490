using CrmEtl.Core;
using Dapper;

namespace CrmEtl.Tests.TestSupport;

/// <summary>Reads an output database the way a downstream tool would.</summary>
public static class Db
{
    public static List<T> Query<T>(string databasePath, string sql)
    {
        using var connection = Database.Open(databasePath, readOnly: true);
        return connection.Query<T>(sql).ToList();
    }

    public static T Scalar<T>(string databasePath, string sql)
    {
        using var connection = Database.Open(databasePath, readOnly: true);
        return connection.ExecuteScalar<T>(sql)!;
    }
}
