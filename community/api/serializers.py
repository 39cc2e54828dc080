from rest_framework import serializers

from community.models.neighbourhoods import Neighbourhood


class NeighbourhoodSerializer(serializers.ModelSerializer):
    lsoa_codes = serializers.SerializerMethodField()

    class Meta:
        model = Neighbourhood
        fields = ["code", "name", "lsoa_codes", "boundary", "updated_at"]
        read_only_fields = fields

    def get_lsoa_codes(self, instance) -> list[str]:
        return sorted(lsoa.lsoa_code for lsoa in instance.lsoas.all())


class PoliceUkPrioritySerializer(serializers.Serializer):
    issue = serializers.CharField()
    action = serializers.CharField(allow_null=True)

    def get_fields(self):
        # police.uk spells these with hyphens, which Python names cannot.
        fields = super().get_fields()
        fields["issue-date"] = serializers.DateField()
        fields["action-date"] = serializers.DateField(allow_null=True)
        return fields


class PoliceUkEventSerializer(serializers.Serializer):
    title = serializers.CharField()
    type = serializers.CharField()
    description = serializers.CharField(allow_null=True)
    address = serializers.CharField()
    start_date = serializers.DateTimeField()
    end_date = serializers.DateTimeField(allow_null=True)
    contact_details = serializers.DictField(child=serializers.CharField())


class PoliceUkExportSerializer(serializers.Serializer):
    """The documented shape of `neighbourhoods/{code}/police-uk/` (for the OpenAPI schema)."""

    neighbourhood = serializers.DictField(child=serializers.CharField())
    priorities = PoliceUkPrioritySerializer(many=True)
    events = PoliceUkEventSerializer(many=True)
