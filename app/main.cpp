// Placeholder until the bootstrap lands.
int main()
{
    return 0;
}
