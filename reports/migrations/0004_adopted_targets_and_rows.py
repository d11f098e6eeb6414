"""Keep with each adopted value the target it was judged against, and the rows behind it.

Values adopted before this migration get the target as it stood at their
adoption where the plan's history reaches back that far, and otherwise the
earliest state the history knows (the demo's adoptions are dated before the
plan was loaded), or the target as it is now where there is no history of it.
Their rows cannot be recovered: ``rows_kept`` stays false.
"""

from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models

TERMS = ("kind", "comparator", "value", "decimals", "uhm_level", "note")


def _targets_at(apps, year, moment) -> dict:
    """(indicator id, municipality id or None) to the year's targets as they stood at a moment."""
    Target = apps.get_model("indicators", "Target")
    HistoricalTarget = apps.get_model("indicators", "HistoricalTarget")
    states = {target.pk: target for target in Target.objects.filter(year=year)}
    records = defaultdict(list)
    for record in HistoricalTarget.objects.filter(year=year).order_by("history_date", "history_id"):
        records[record.id].append(record)
    for target_id, history in records.items():
        before = [record for record in history if moment and record.history_date <= moment]
        if before:
            states[target_id] = None if before[-1].history_type == "-" else before[-1]
        else:
            states[target_id] = history[0]
    return {(t.indicator_id, t.municipality_id): t for t in states.values() if t is not None}


def keep_targets_of_adopted_values(apps, schema_editor):
    Period = apps.get_model("reports", "Period")
    AdoptedValue = apps.get_model("reports", "AdoptedValue")
    for period in Period.objects.filter(adopted_values__isnull=False).distinct():
        targets = _targets_at(apps, period.year, period.adopted_at)
        values = list(AdoptedValue.objects.filter(period=period))
        for adopted in values:
            own = targets.get((adopted.indicator_id, adopted.municipality_id))
            target = own or targets.get((adopted.indicator_id, None))
            if target is not None:
                for name in TERMS:
                    setattr(adopted, f"target_{name}", getattr(target, name))
            adopted.target_is_uhc_wide = (
                adopted.municipality_id is not None and target is not None and own is None
            )
        AdoptedValue.objects.bulk_update(
            values, [f"target_{name}" for name in TERMS] + ["target_is_uhc_wide"]
        )


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0003_plan_history'),
        ('reports', '0003_adopt_budget_quarters_of_adopted_periods'),
    ]

    operations = [
        migrations.CreateModel(
            name='AdoptedRow',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('procurement', 'procurement')], default='procurement', max_length=20, verbose_name='kind of row')),
                ('object_id', models.PositiveIntegerField(verbose_name='id of the row')),
                ('reference', models.CharField(max_length=50, verbose_name='reference')),
                ('title', models.CharField(max_length=300, verbose_name='title')),
                ('status', models.CharField(blank=True, max_length=20, verbose_name='status')),
                ('municipality_count', models.PositiveSmallIntegerField(null=True, verbose_name='municipalities')),
                ('tender_count', models.PositiveIntegerField(null=True, verbose_name='tenders')),
                ('behind', models.JSONField(default=dict, verbose_name='values it is behind')),
            ],
            options={
                'verbose_name': 'adopted row',
                'verbose_name_plural': 'adopted rows',
            },
        ),
        migrations.AddField(
            model_name='adoptedvalue',
            name='rows_kept',
            field=models.BooleanField(default=False, verbose_name='rows behind kept'),
        ),
        migrations.AddField(
            model_name='adoptedvalue',
            name='target_comparator',
            field=models.CharField(blank=True, choices=[('gte', '≥'), ('gt', '>'), ('lte', '≤'), ('lt', '<')], max_length=3, verbose_name='comparator of target'),
        ),
        migrations.AddField(
            model_name='adoptedvalue',
            name='target_decimals',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='decimals of target'),
        ),
        migrations.AddField(
            model_name='adoptedvalue',
            name='target_is_uhc_wide',
            field=models.BooleanField(default=False, help_text="A municipality's value judged against the target of UhC as a whole.", verbose_name="judged against UhC's target"),
        ),
        migrations.AddField(
            model_name='adoptedvalue',
            name='target_kind',
            field=models.CharField(blank=True, choices=[('comparison', 'comparison'), ('decrease', 'decrease'), ('zero', 'zero measurement')], help_text='Empty when the value had no target.', max_length=12, verbose_name='kind of target'),
        ),
        migrations.AddField(
            model_name='adoptedvalue',
            name='target_note',
            field=models.CharField(blank=True, max_length=200, verbose_name='note of target'),
        ),
        migrations.AddField(
            model_name='adoptedvalue',
            name='target_uhm_level',
            field=models.CharField(blank=True, choices=[('bas', 'basic'), ('avancerad', 'advanced'), ('spjutspets', 'cutting-edge'), ('avancerad_spjutspets', 'advanced or cutting-edge')], max_length=25, verbose_name='UHM level of target'),
        ),
        migrations.AddField(
            model_name='adoptedvalue',
            name='target_value',
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='target value'),
        ),
        migrations.AddField(
            model_name='historicaladoptedvalue',
            name='rows_kept',
            field=models.BooleanField(default=False, verbose_name='rows behind kept'),
        ),
        migrations.AddField(
            model_name='historicaladoptedvalue',
            name='target_comparator',
            field=models.CharField(blank=True, choices=[('gte', '≥'), ('gt', '>'), ('lte', '≤'), ('lt', '<')], max_length=3, verbose_name='comparator of target'),
        ),
        migrations.AddField(
            model_name='historicaladoptedvalue',
            name='target_decimals',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='decimals of target'),
        ),
        migrations.AddField(
            model_name='historicaladoptedvalue',
            name='target_is_uhc_wide',
            field=models.BooleanField(default=False, help_text="A municipality's value judged against the target of UhC as a whole.", verbose_name="judged against UhC's target"),
        ),
        migrations.AddField(
            model_name='historicaladoptedvalue',
            name='target_kind',
            field=models.CharField(blank=True, choices=[('comparison', 'comparison'), ('decrease', 'decrease'), ('zero', 'zero measurement')], help_text='Empty when the value had no target.', max_length=12, verbose_name='kind of target'),
        ),
        migrations.AddField(
            model_name='historicaladoptedvalue',
            name='target_note',
            field=models.CharField(blank=True, max_length=200, verbose_name='note of target'),
        ),
        migrations.AddField(
            model_name='historicaladoptedvalue',
            name='target_uhm_level',
            field=models.CharField(blank=True, choices=[('bas', 'basic'), ('avancerad', 'advanced'), ('spjutspets', 'cutting-edge'), ('avancerad_spjutspets', 'advanced or cutting-edge')], max_length=25, verbose_name='UHM level of target'),
        ),
        migrations.AddField(
            model_name='historicaladoptedvalue',
            name='target_value',
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='target value'),
        ),
        migrations.AddConstraint(
            model_name='adoptedvalue',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('target_kind', 'comparison'), ('target_value__isnull', False), models.Q(('target_comparator', ''), _negated=True)), models.Q(('target_kind', 'comparison'), _negated=True), _connector='OR'), name='adopted_target_comparison_has_comparator_and_value'),
        ),
        migrations.AddField(
            model_name='adoptedrow',
            name='period',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='adopted_rows', to='reports.period', verbose_name='period'),
        ),
        migrations.AddConstraint(
            model_name='adoptedrow',
            constraint=models.UniqueConstraint(fields=('period', 'kind', 'object_id'), name='one_adopted_row_per_period_row'),
        ),
        migrations.RunPython(keep_targets_of_adopted_values, migrations.RunPython.noop),
    ]
