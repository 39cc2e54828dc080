from rest_framework import serializers

from community.models import Neighbourhood


class NeighbourhoodSerializer(serializers.ModelSerializer):
    lsoa_codes = serializers.SerializerMethodField()

    class Meta:
        model = Neighbourhood
        fields = ["code", "name", "lsoa_codes", "boundary", "updated_at"]
        read_only_fields = fields

    def get_lsoa_codes(self, instance) -> list[str]:
        return sorted(lsoa.lsoa_code for lsoa in instance.lsoas.all())
