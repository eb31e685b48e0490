namespace CrmEtl.Core.Modeling;

/// <summary>
/// The periods of a calibration / holdout validation: the models are fitted on the purchases up to
/// <paramref name="CalibrationEnd"/> (the as-of date) and their predictions compared with the purchases in
/// (<paramref name="CalibrationEnd"/>, <paramref name="HoldoutEnd"/>].
/// </summary>
public sealed record HoldoutPeriod(DateOnly CalibrationEnd, DateOnly HoldoutEnd)
{
    /// <summary>Length of the holdout period in days.</summary>
    public int Days => HoldoutEnd.DayNumber - CalibrationEnd.DayNumber;

    /// <summary>Throws <see cref="CrmEtlException"/> when the holdout does not come after the calibration period.</summary>
    public void Validate()
    {
        if (HoldoutEnd <= CalibrationEnd)
        {
            throw new CrmEtlException(
                $"cltv_holdout_end ({HoldoutEnd:yyyy-MM-dd}) must be after the as-of date ({CalibrationEnd:yyyy-MM-dd}), which ends the " +
                "calibration period. Set --as-of to the end of the calibration period (without it, the as-of date is the latest date in the data).");
        }
    }
}
