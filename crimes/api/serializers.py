from rest_framework import serializers

from crimes.models import Crime


class CrimeSerializer(serializers.ModelSerializer):
    month = serializers.DateField(format="%Y-%m", read_only=True)
    category_name = serializers.CharField(source="get_category_display", read_only=True)
    neighbourhood = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Crime
        fields = [
            "id", "reference", "source", "month", "occurred_at", "recorded_at", "category",
            "category_name", "outcome", "location", "latitude", "longitude", "lsoa_code",
            "lsoa_name", "neighbourhood", "is_demo",
        ]  # fmt: skip
        read_only_fields = fields
