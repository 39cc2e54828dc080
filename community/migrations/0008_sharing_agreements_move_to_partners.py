"""SharingAgreement moves to the partners app. State only: its table and rows stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0007_merge_sharing_agreements_and_engagements"),
        ("incidents", "0015_models_move_to_their_own_apps"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(
                    name="SharingAgreement",
                ),
            ],
        )
    ]
