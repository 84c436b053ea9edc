from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('eservices', '0002_cases'),
    ]

    operations = [
        migrations.CreateModel(
            name='ProgressLookup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('address', models.GenericIPAddressField(verbose_name='looked up from')),
                ('at', models.DateTimeField(verbose_name='looked up')),
            ],
            options={
                'verbose_name': 'progress lookup',
                'verbose_name_plural': 'progress lookups',
                'indexes': [
                    models.Index(fields=['address', 'at'], name='eservices_lookup_address'),
                    models.Index(fields=['at'], name='eservices_lookup_at'),
                ],
            },
        ),
    ]
